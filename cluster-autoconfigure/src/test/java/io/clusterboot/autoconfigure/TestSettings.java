package io.clusterboot.autoconfigure;

import io.clusterboot.internal.bootcache.BootCacheSettings;
import io.clusterboot.internal.master.MasterSettings;

/**
 * Resolves bound {@code cluster.*} settings into the records the internal packages run
 * on, the way the master's start-up does, for the tests of those packages: they configure
 * what they test with {@link ClusterProperties}, as a user does.
 *
 * @author ClusterBoot team
 */
public final class TestSettings {

	private TestSettings() {
	}

	/**
	 * Returns the settings of the master's rules.
	 * @param properties the settings as bound
	 * @return the rules' settings
	 */
	public static MasterSettings master(ClusterProperties properties) {
		return InternalSettings.master(properties);
	}

	/**
	 * Returns the boot cache's settings.
	 * @param bootCache the settings as bound
	 * @return the boot cache's settings
	 */
	public static BootCacheSettings bootCache(ClusterProperties.BootCache bootCache) {
		return InternalSettings.bootCache(bootCache);
	}

}
