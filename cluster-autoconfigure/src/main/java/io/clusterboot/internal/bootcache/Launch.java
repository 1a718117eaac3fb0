package io.clusterboot.internal.bootcache;

import java.nio.file.Path;
import java.util.List;

/**
 * How to start a worker: from the boot cache, or the plain way.
 *
 * @param jar the jar to run instead of the application's, or {@code null} to run the
 * application's
 * @param jvmArguments options to add to the worker's
 * @param archive the class archive the worker starts from, or {@code null}
 * @author ClusterBoot team
 */
public record Launch(Path jar, List<String> jvmArguments, Path archive) {

	/**
	 * A plain start: the application's jar, no archive.
	 */
	public static final Launch PLAIN = new Launch(null, List.of(), null);

	/**
	 * Returns whether the worker starts from the boot cache.
	 * @return {@code true} if it does
	 */
	public boolean fromCache() {
		return this.archive != null;
	}

}
