package io.clusterboot.internal.master;

import java.util.Set;

/**
 * Where the debugger agent of a worker listens, for an IDE to attach to. Worker N takes
 * port {@code cluster.worker.debug.port + N - 1}, unless another worker holds it: a
 * reload or a recycling starts the new worker of a slot before the old one stops, and a
 * JVM whose agent cannot listen on its port does not start at all (JDWP's "transport
 * error 202"), which would fail the reload. It then takes the port of its slot in the
 * next bank of {@code cluster.max-workers} ports that no worker holds: the new worker of
 * a reload takes the second bank, that of the next reload the first again.
 *
 * @param host the address it listens on
 * @param port its port
 * @author ClusterBoot team
 */
record DebugAddress(String host, int port) {

	private static final int MAX_PORT = 65535;

	/**
	 * Chooses the address of a new worker's debugger agent.
	 * @param settings {@code cluster.worker.debug.*}
	 * @param maxWorkers {@code cluster.max-workers}, resolved: the size of a bank
	 * @param slot the worker's slot
	 * @param taken the ports the agents of the workers still running hold
	 * @return the address, or {@code null} if the workers get no debugger agent or every
	 * port of the slot up to 65535 is taken
	 */
	static DebugAddress choose(MasterSettings.Debug settings, int maxWorkers, int slot, Set<Integer> taken) {
		if (settings.port() == null) {
			return null;
		}
		for (int port = settings.port() + slot - 1; port <= MAX_PORT; port += maxWorkers) {
			if (!taken.contains(port)) {
				return new DebugAddress(settings.address(), port);
			}
		}
		return null;
	}

	/**
	 * Returns the JVM option that loads a debugger agent listening here, which lets the
	 * worker run until a debugger attaches.
	 * @return the option
	 */
	String agentOption() {
		return "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=" + this;
	}

	@Override
	public String toString() {
		return this.host + ":" + this.port;
	}

}
