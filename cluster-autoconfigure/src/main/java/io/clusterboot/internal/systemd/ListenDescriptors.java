package io.clusterboot.internal.systemd;

import java.util.OptionalInt;

/**
 * The listening sockets a service manager passed to the master, by what they are for.
 *
 * @param server the descriptor of the server port's socket, or empty for the master to
 * bind {@code server.port}
 * @param management the descriptor of the management port's socket (named
 * {@value ServiceManager#MANAGEMENT_NAME}), or empty for the master to bind
 * {@code management.server.port} when the actuator has a port of its own
 * @author ClusterBoot team
 */
public record ListenDescriptors(OptionalInt server, OptionalInt management) {

	/**
	 * No socket passed.
	 */
	public static final ListenDescriptors NONE = new ListenDescriptors(OptionalInt.empty(), OptionalInt.empty());

}
