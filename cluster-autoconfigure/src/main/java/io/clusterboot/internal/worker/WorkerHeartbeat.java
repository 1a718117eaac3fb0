package io.clusterboot.internal.worker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import io.clusterboot.internal.ipc.ControlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Sends the master a heartbeat with the worker's figures at a fixed interval, from a
 * thread of its own. The beat says that the JVM runs, not that a request thread is free:
 * when a slow downstream service holds every request thread of every worker, the workers
 * go on beating and report themselves saturated (busy request threads against their
 * maximum), and the master keeps them, where a beat that waited for a request thread
 * would have had all of them killed at once, a brownout turned into an outage. A JVM
 * that stops (frozen, out of memory, a heartbeat that cannot be sent) still goes silent
 * and is replaced; a worker whose request threads are deadlocked for good now stays
 * saturated instead.
 * <p>
 * The thread runs at the worker's priority, lowered while another worker starts (see
 * {@link WorkerScheduling}): a lower priority is a smaller share of the CPU, not none,
 * and the kernel runs a thread that slept (between two beats) soon after it wakes,
 * however busy the request threads are; a beat needs little CPU. Before, the beat waited
 * for a free request thread as well.
 *
 * @author ClusterBoot team
 */
public class WorkerHeartbeat implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(WorkerHeartbeat.class);

	private static final Path STATUS = Path.of("/proc/self/status");

	private static final long STOP_TIMEOUT_MILLIS = 1000;

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
		this.timer.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void beat() {
		try {
			sendBeat();
		}
		catch (RuntimeException ex) {
			// an exception would cancel every later beat, and the master kill this worker
			logger.warn("Could not send a heartbeat", ex);
		}
	}

	private void sendBeat() {
		WorkerConnectors threadPool = this.connectors.stream()
			.filter((candidate) -> candidate.maxRequestThreads() >= 0)
			.findFirst()
			.orElse(null);
		this.control.send(ControlMessage.of(ControlMessage.HEARTBEAT, "rss", residentMemory(), "heapUsed",
				ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), "cpu", cpuPercent(), "inFlight",
				sum(WorkerConnectors::busyConnections), "served", sum(WorkerConnectors::requestsServed), "busyThreads",
				(threadPool != null) ? threadPool.busyRequestThreads() : -1, "maxThreads",
				(threadPool != null) ? threadPool.maxRequestThreads() : -1));
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

	/**
	 * Stops beating, and lets a beat being sent finish first: an interrupt would close the
	 * control channel in the middle of a write, and the worker take it for its master's
	 * end.
	 * @throws InterruptedException if interrupted while waiting for the beat
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.timer.shutdown();
		this.timer.awaitTermination(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
	}

}
