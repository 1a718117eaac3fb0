package io.clusterboot.internal.master;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.clusterboot.internal.bootcache.BootCacheSettings;
import io.clusterboot.internal.session.SessionStoreSettings;

/**
 * The {@code cluster.*} settings the master's start-up runs on, resolved once when the
 * launching JVM starts: what sizes the workers' JVMs, the pid file, how serving workers
 * make room for a starting one, how long a reload's reading may take, and the boot
 * cache's and the session store's settings. The supervisor's settings come apart, since a reload reads them
 * again.
 *
 * @param workers how many workers the cluster runs at start
 * @param workerJvmArgs the extra JVM options of the workers
 * @param pidFile the file the master writes its pid to, or {@code null}
 * @param servingNice the nice value serving workers take, in a scheduling group of their
 * own, so that a starting one gets more of the CPU; {@code null} leaves their scheduling
 * alone
 * @param readTimeout how long the JVM that reads the settings for a reload may take
 * @param bootCache the boot cache's settings (the bound ones, as the boot cache takes
 * them)
 * @param sessions the bounds of the session store the master keeps for the workers, or
 * {@code null} when it keeps none
 * @author ClusterBoot team
 */
public record StartupSettings(int workers, List<String> workerJvmArgs, Path pidFile, String servingNice,
		Duration readTimeout, BootCacheSettings bootCache, SessionStoreSettings sessions) {

	public StartupSettings {
		workerJvmArgs = List.copyOf(workerJvmArgs);
	}

}
