package io.clusterboot.internal.bootcache;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The boot cache's settings ({@code cluster.boot-cache.*}), resolved.
 *
 * @param enabled whether the master builds the cache and starts workers from it
 * @param directory the directory of the caches
 * @param trainingTimeout how long a training run may take
 * @author ClusterBoot team
 */
public record BootCacheSettings(boolean enabled, Path directory, Duration trainingTimeout) {
}
