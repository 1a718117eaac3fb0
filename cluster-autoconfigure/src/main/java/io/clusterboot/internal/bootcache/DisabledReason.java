package io.clusterboot.internal.bootcache;


/**
 * Why the boot cache is off for an application, if it is: its settings turn it off, the
 * application does not run from a jar, the JVM makes no class archive ClusterBoot knows,
 * or the workers' JVM options choose a class archive of their own, which the cache leaves
 * alone.
 *
 * @author ClusterBoot team
 */
final class DisabledReason {

	private DisabledReason() {
	}

	/**
	 * Returns why the boot cache is off.
	 * @param settings the boot cache's settings
	 * @param application how workers run the application
	 * @return the reason, or {@code null} if the cache may be used
	 */
	static String of(BootCacheSettings settings, Application application) {
		if (!settings.enabled()) {
			return "cluster.boot-cache.enabled is false";
		}
		if (application.jar() == null) {
			return "the application does not run with java -jar";
		}
		if (!System.getProperty("java.vm.name", "").contains("HotSpot")
				&& !System.getProperty("java.vm.name", "").contains("OpenJDK")) {
			return "the JVM (" + System.getProperty("java.vm.name") + ") has no class archive ClusterBoot knows";
		}
		for (String option : application.jvmArguments()) {
			if (ArchiveKind.ARCHIVE_OPTIONS.stream().anyMatch(option::startsWith)) {
				return "the JVM options choose a class archive of their own (" + option + ")";
			}
		}
		return null;
	}

}
