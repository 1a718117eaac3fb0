package io.clusterboot.internal.posix;

/**
 * A message received on a Unix socket, with the descriptors it carried.
 *
 * @param payload its bytes
 * @param descriptors the descriptors, this process's to close
 * @author ClusterBoot team
 */
public record ReceivedMessage(byte[] payload, int[] descriptors) {

}
