package io.clusterboot.internal.master;

import java.net.InetAddress;
import java.util.List;

/**
 * What the launching JVM's configuration says beyond the {@code cluster.*} settings that
 * the master needs: where to open the server's socket and the management server's, and
 * the application's arguments, which the workers and the master's successor get too.
 *
 * @param serverAddress {@code server.address}, or {@code null} for every interface
 * @param serverPort {@code server.port}
 * @param managementAddress {@code management.server.address}, or {@code null}
 * @param managementPort the management port when the actuator has a port of its own, or
 * {@code null} when it shares the server port
 * @param args the application's arguments
 * @author ClusterBoot team
 */
public record LaunchEnvironment(InetAddress serverAddress, int serverPort, InetAddress managementAddress,
		Integer managementPort, List<String> args) {

	public LaunchEnvironment {
		args = List.copyOf(args);
	}

	/**
	 * Returns whether the actuator has a port of its own, whose socket the workers fetch
	 * from the master.
	 * @return whether it has
	 */
	boolean hasManagementPort() {
		return this.managementPort != null;
	}

}
