package io.clusterboot.worker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import io.clusterboot.ipc.ControlMessage;

import org.springframework.beans.factory.DisposableBean;

/**
 * Sends the master a heartbeat with the worker's figures at a fixed interval. The beat
 * runs on the web server's request executor where there is one, so that a worker whose
 * request threads are all stuck goes silent and gets replaced, instead of a side thread
 * vouching for it.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public class WorkerHeartbeat implements DisposableBean {

	private static final Path STATUS = Path.of("/proc/self/status");

	private final WorkerControl control;

	private final List<WorkerConnectors> connectors;

	private final ScheduledExecutorService timer;

	/**
	 * Starts beating.
	 * @param control the control channel
	 * @param connectors the web server's connectors
	 * @param interval the time between beats
	 */
	public WorkerHeartbeat(WorkerControl control, List<WorkerConnectors> connectors, Duration interval) {
		this.control = control;
		this.connectors = connectors;
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "cluster-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.scheduleAtFixedRate(this::schedule, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void schedule() {
		Executor executor = this.connectors.stream()
			.map(WorkerConnectors::requestExecutor)
			.filter((candidate) -> candidate != null)
			.findFirst()
			.orElse(null);
		if (executor == null) {
			beat();
			return;
		}
		try {
			executor.execute(this::beat);
		}
		catch (RejectedExecutionException ex) {
			// the web server is stopping; the master's deadline covers the rest
			beat();
		}
	}

	private void beat() {
		this.control.send(ControlMessage.of(ControlMessage.HEARTBEAT, "rss", residentMemory(), "heapUsed",
				ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), "cpu", cpuPercent(), "inFlight",
				sum(WorkerConnectors::busyConnections), "served", sum(WorkerConnectors::requestsServed)));
	}

	private long sum(ToLongFunction<WorkerConnectors> figure) {
		return this.connectors.stream().mapToLong(figure).sum();
	}

	private static double cpuPercent() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
			double load = sun.getProcessCpuLoad();
			return (load >= 0) ? Math.round(load * 1000) / 10.0 : -1;
		}
		return -1;
	}

	/**
	 * Returns the resident set size from {@code /proc/self/status}, or -1 where there is
	 * no such file.
	 */
	private static long residentMemory() {
		try {
			for (String line : Files.readAllLines(STATUS)) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// not Linux
		}
		return -1;
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

}
