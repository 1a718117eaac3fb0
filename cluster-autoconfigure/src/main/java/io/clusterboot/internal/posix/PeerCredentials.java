package io.clusterboot.internal.posix;

/**
 * The process and user at the other end of a Unix socket, as the kernel saw them when
 * it connected.
 *
 * @param pid the peer's process
 * @param uid the peer's user
 * @author ClusterBoot team
 */
public record PeerCredentials(long pid, long uid) {

}
