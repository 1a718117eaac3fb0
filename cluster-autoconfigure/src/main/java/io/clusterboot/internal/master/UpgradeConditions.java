package io.clusterboot.internal.master;

import java.util.Map;

import io.clusterboot.internal.systemd.ServiceManager;

/**
 * Where a master upgrade would end the service instead of replacing the master: the old
 * master exits once the new one took over, so whatever watches the old master as the
 * service's process must follow the new one. systemd does with {@code Type=notify}
 * ({@code MAINPID=}); a container ends with its PID 1, and an init such as tini or
 * dumb-init exits with its child; and the new master needs a socket to take over.
 *
 * @author ClusterBoot team
 */
final class UpgradeConditions {

	/**
	 * Set by systemd for every process of a service.
	 */
	static final String INVOCATION_ID = "INVOCATION_ID";

	private UpgradeConditions() {
	}

	/**
	 * Returns why this master cannot be replaced, or {@code null} if it can.
	 * @param sharedSocket whether the workers share the master's socket, which a new
	 * master can take over
	 * @param pid this master's pid
	 * @param parentPid its parent's pid
	 * @param initName the command name of PID 1 ({@code /proc/1/comm}), or {@code null}
	 * @param environment this master's environment
	 * @return the reason, or {@code null}
	 */
	static String unavailable(boolean sharedSocket, long pid, long parentPid, String initName,
			Map<String, String> environment) {
		if (!sharedSocket) {
			return "the workers bind SO_REUSEPORT sockets of their own, so there is no listening socket to hand over "
					+ "(the shared socket needs Linux and JNA)";
		}
		if (pid == 1) {
			return "the master is PID 1 of its container, which ends when it exits: roll out a new image, or reload";
		}
		if (parentPid == 1 && initName != null && !initName.equals("systemd") && !initName.equals("init")) {
			return "the master's parent is PID 1 (" + initName + "), an init that ends the container when the master "
					+ "exits: roll out a new image, or reload";
		}
		if (environment.containsKey(INVOCATION_ID)
				&& !environment.containsKey(ServiceManager.NOTIFY_SOCKET)) {
			return "the master runs under systemd without Type=notify, which ends the service when the old master "
					+ "exits: use Type=notify, so that the new master becomes the main process (MAINPID=)";
		}
		return null;
	}

}
