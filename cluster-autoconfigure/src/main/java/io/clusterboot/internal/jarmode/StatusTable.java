package io.clusterboot.internal.jarmode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.clusterboot.status.ClusterStatus;

/**
 * Prints the cluster's status the way {@code pm2 ls} does: a few lines on the master, the
 * workers, the last reload, the boot cache and the sessions, then a table with a row per worker
 * process (with the address of its debugger where a worker has one).
 *
 * @author ClusterBoot team
 */
final class StatusTable {

	private static final List<String> HEADINGS = List.of("SLOT", "PID", "GEN", "STATE", "UPTIME", "RESTARTS", "CPU",
			"MEMORY", "THREADS", "IN FLIGHT", "SERVED", "BOOT CACHE");

	/**
	 * The heading of the column of the workers' debugger addresses, shown only where a
	 * worker has one.
	 */
	private static final String DEBUGGER_HEADING = "DEBUGGER";

	private StatusTable() {
	}

	/**
	 * Prints a status.
	 * @param status the cluster's status
	 * @param version the version of ClusterBoot the master runs
	 * @return the text, ending with a line break
	 */
	static String print(ClusterStatus status, String version) {
		StringBuilder text = new StringBuilder();
		ClusterStatus.Master master = status.master();
		text.append(String.format("Master pid %d (ClusterBoot %s), up %s, serving %s (%s socket)%s, generation %d%s%n",
				master.pid(), version, uptime(master.uptime()), master.address(), master.socketMode(),
				(master.managementAddress() != null) ? ", management on " + master.managementAddress() : "",
				master.generation(), master.stopping() ? ", STOPPING" : ""));
		ClusterStatus.Workers workers = status.workers();
		int saturated = status.saturatedWorkers();
		text.append(String.format("Workers %d/%d ready, %d running, %d errored, %d restart(s), at most %d%s%n",
				workers.ready(), workers.desired(), workers.running(), workers.errored(), workers.restarts(),
				workers.max(), (saturated > 0) ? ", " + saturated + " saturated (every request thread busy)" : ""));
		ClusterStatus.Reload reload = status.reload();
		if (reload != null) {
			text.append(String.format("Reload %s (generation %d) %s%s, %d/%d replaced%s%n", reload.id(),
					reload.generation(), reload.state(), (reload.phase() != null) ? " " + reload.phase() : "",
					reload.progress().replaced(), reload.progress().total(),
					(reload.error() != null) ? ": " + reload.error() : ""));
		}
		if (status.upgrade() != null) {
			text.append(describe(status.upgrade())).append(System.lineSeparator());
		}
		ClusterStatus.Settings settings = status.settings();
		if (settings != null) {
			text.append(String.format("Settings of generation %d: %d worker(s), worker JVM options %s%n",
					settings.generation(), settings.workers(), settings.workerJvmArgs()));
		}
		ClusterStatus.BootCache bootCache = status.bootCache();
		text.append(String.format("Boot cache %s%s%s%n", bootCache.state(),
				(bootCache.archive() != null) ? " (" + bootCache.archive() + ")" : "",
				(bootCache.reason() != null) ? ": " + bootCache.reason() : ""));
		ClusterStatus.Sessions sessions = status.sessions();
		if (sessions != null) {
			text.append(String.format(
					"Sessions %d in the master, %s of %s; since its start %d evicted, %d expired, %d refused as "
							+ "larger than %s%n",
					sessions.count(), size(sessions.bytes()), size(sessions.maxBytes()), sessions.evicted(),
					sessions.expired(), sessions.rejected(), size(sessions.maxSessionBytes())));
		}
		boolean debugged = status.processes().stream().anyMatch((worker) -> worker.debugAddress() != null);
		List<List<String>> rows = new ArrayList<>();
		rows.add(debugged ? with(HEADINGS, DEBUGGER_HEADING) : HEADINGS);
		for (ClusterStatus.Worker worker : status.processes()) {
			List<String> row = List.of(Integer.toString(worker.slot()), Long.toString(worker.pid()),
					Integer.toString(worker.generation()), worker.state().name(), uptime(worker.uptime()),
					Integer.toString(worker.restarts()), cpu(worker.cpuPercent()), megabytes(worker.residentMemory()),
					threads(worker.requestThreads()), number(worker.requestsInFlight()),
					number(worker.requestsServed()), bootCache(worker.bootCache()));
			rows.add(debugged ? with(row, (worker.debugAddress() != null) ? worker.debugAddress() : "-") : row);
		}
		text.append(System.lineSeparator());
		table(rows, text);
		return text.toString();
	}

	private static List<String> with(List<String> row, String last) {
		List<String> longer = new ArrayList<>(row);
		longer.add(last);
		return longer;
	}

	private static void table(List<List<String>> rows, StringBuilder text) {
		int[] widths = new int[rows.get(0).size()];
		for (List<String> row : rows) {
			for (int column = 0; column < row.size(); column++) {
				widths[column] = Math.max(widths[column], row.get(column).length());
			}
		}
		for (List<String> row : rows) {
			StringBuilder line = new StringBuilder();
			for (int column = 0; column < row.size(); column++) {
				line.append(String.format("%-" + widths[column] + "s  ", row.get(column)));
			}
			text.append(line.toString().stripTrailing()).append(System.lineSeparator());
		}
	}

	/**
	 * Prints a duration in its two largest units, as {@code 45s}, {@code 5m03s},
	 * {@code 2h05m} or {@code 3d04h}.
	 */
	static String uptime(Duration duration) {
		long seconds = Math.max(0, duration.toSeconds());
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return String.format("%dm%02ds", seconds / 60, seconds % 60);
		}
		if (seconds < 86400) {
			return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
		}
		return String.format("%dd%02dh", seconds / 86400, seconds % 86400 / 3600);
	}

	private static String cpu(Double percent) {
		return (percent != null) ? String.format(Locale.ROOT, "%.1f%%", percent) : "-";
	}

	private static String size(long bytes) {
		if (bytes >= 1024 * 1024) {
			return (bytes / (1024 * 1024)) + "MB";
		}
		return (bytes >= 1024) ? (bytes / 1024) + "KB" : bytes + "B";
	}

	private static String megabytes(Long bytes) {
		return (bytes != null) ? (bytes / (1024 * 1024)) + "MB" : "-";
	}

	/**
	 * Prints busy request threads against the maximum, as {@code 3/200}, or
	 * {@code 200/200 saturated}.
	 */
	private static String threads(ClusterStatus.RequestThreads threads) {
		if (threads == null) {
			return "-";
		}
		return threads.busy() + "/" + threads.max() + (threads.saturated() ? " saturated" : "");
	}

	private static String number(Long value) {
		return (value != null) ? value.toString() : "-";
	}

	private static String bootCache(Boolean used) {
		return (used != null) ? (used ? "yes" : "no") : "-";
	}

	/**
	 * Describes a master upgrade in one line.
	 * @param upgrade the upgrade
	 * @return the line
	 */
	static String describe(ClusterStatus.Upgrade upgrade) {
		return String.format("Master upgrade %d %s%s%s", upgrade.id(), upgrade.state(),
				(upgrade.pid() != null) ? ": new master pid " + upgrade.pid() : "",
				(upgrade.error() != null) ? ": " + upgrade.error() : "");
	}

}
