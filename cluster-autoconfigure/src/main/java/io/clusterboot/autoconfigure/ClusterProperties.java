package io.clusterboot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of a ClusterBoot cluster: how many workers the master runs and how it
 * starts, supervises and stops them.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@ConfigurationProperties("cluster")
public class ClusterProperties {

	/**
	 * Value of {@code cluster.workers}, {@code cluster.max-workers} and
	 * {@code cluster.max-starting} that derives the number from the available
	 * processors.
	 */
	public static final String AUTO = "auto";

	/**
	 * Workers per available processor that {@code cluster.max-workers} allows when it is
	 * {@code auto}.
	 */
	public static final int AUTO_MAX_WORKERS_PER_PROCESSOR = 4;

	/**
	 * Whether {@code java -jar} starts a master with worker processes. When false the
	 * application runs as a single plain Spring Boot process.
	 */
	private boolean enabled = true;

	/**
	 * How the application runs in development: under a debugger (a JDWP agent among the
	 * JVM options, as an IDE's Debug adds) or with Spring Boot DevTools outside a packaged
	 * jar. 'single' runs it in the launching process, where the debugger's breakpoints are
	 * hit; 'cluster' starts the master and its workers all the same (the debugger then
	 * stops in the master's code only: see cluster.worker.debug.port).
	 */
	private DevelopmentMode developmentMode = DevelopmentMode.SINGLE;

	/**
	 * Number of worker processes: 'auto' for one per available processor, or a whole
	 * number of at least 1.
	 */
	private String workers = AUTO;

	/**
	 * Most workers the cluster may run: 'auto' for four per available processor, or a
	 * whole number of at least 1. Scaling above it (from the cluster endpoint or with
	 * SIGTTIN) is rejected, and 'cluster.workers' must not exceed it.
	 */
	private String maxWorkers = AUTO;

	/**
	 * Most workers that may be starting at the same time, whatever starts them (the
	 * first start, restarts, scaling, reloads, recycling): 'auto' for one per available
	 * processor, or a whole number of at least 1. The others wait their turn.
	 */
	private String maxStarting = AUTO;

	/**
	 * How long a stopping worker may take to stop before the master kills it. Its drain
	 * (finishing the requests it has) takes at most three quarters of it, so that the
	 * rest of Spring's shutdown (closing pools, {@code @PreDestroy} methods) has time too.
	 */
	private Duration processKillTimeout = Duration.ofSeconds(30);

	/**
	 * How long a new worker may take to become ready. At the first start the master exits
	 * with an error if no worker is ready by then.
	 */
	private Duration startupTimeout = Duration.ofSeconds(60);

	private final Worker worker = new Worker();

	private final Restart restart = new Restart();

	private final Reload reload = new Reload();

	private final Heartbeat heartbeat = new Heartbeat();

	private final Recycle recycle = new Recycle();

	private final BootCache bootCache = new BootCache();

	private final Sessions sessions = new Sessions();

	private final Caches caches = new Caches();

	private final Metrics metrics = new Metrics();

	/**
	 * File the master writes its pid to, removed when it exits. A file left by a master
	 * that is no longer running is replaced.
	 */
	private Path pidFile;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DevelopmentMode getDevelopmentMode() {
		return this.developmentMode;
	}

	public void setDevelopmentMode(DevelopmentMode developmentMode) {
		this.developmentMode = developmentMode;
	}

	public String getWorkers() {
		return this.workers;
	}

	public void setWorkers(String workers) {
		parseCount(workers, 1);
		this.workers = workers.trim();
	}

	/**
	 * Returns the number of workers to run, resolving {@code auto}.
	 * @return the number of workers, at least 1
	 */
	public int resolveWorkerCount() {
		return parseCount(this.workers, 1);
	}

	public String getMaxWorkers() {
		return this.maxWorkers;
	}

	public void setMaxWorkers(String maxWorkers) {
		parseCount(maxWorkers, AUTO_MAX_WORKERS_PER_PROCESSOR);
		this.maxWorkers = maxWorkers.trim();
	}

	/**
	 * Returns the most workers the cluster may run, resolving {@code auto}.
	 * @return the maximum, at least 1
	 */
	public int resolveMaxWorkers() {
		return parseCount(this.maxWorkers, AUTO_MAX_WORKERS_PER_PROCESSOR);
	}

	public String getMaxStarting() {
		return this.maxStarting;
	}

	public void setMaxStarting(String maxStarting) {
		parseCount(maxStarting, 1);
		this.maxStarting = maxStarting.trim();
	}

	/**
	 * Returns the most workers that may be starting at the same time, resolving
	 * {@code auto}.
	 * @return the maximum, at least 1
	 */
	public int resolveMaxStarting() {
		return parseCount(this.maxStarting, 1);
	}

	public Duration getProcessKillTimeout() {
		return this.processKillTimeout;
	}

	public void setProcessKillTimeout(Duration processKillTimeout) {
		this.processKillTimeout = requirePositive(processKillTimeout);
	}

	/**
	 * Returns how long a stopping worker's drain may take: three quarters of the process
	 * kill timeout, which leaves the rest of Spring's shutdown time before the kill.
	 * @return the drain timeout
	 */
	public Duration resolveDrainTimeout() {
		return this.processKillTimeout.multipliedBy(3).dividedBy(4);
	}

	public Duration getStartupTimeout() {
		return this.startupTimeout;
	}

	public void setStartupTimeout(Duration startupTimeout) {
		this.startupTimeout = requirePositive(startupTimeout);
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Restart getRestart() {
		return this.restart;
	}

	public Reload getReload() {
		return this.reload;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Recycle getRecycle() {
		return this.recycle;
	}

	public Sessions getSessions() {
		return this.sessions;
	}

	public BootCache getBootCache() {
		return this.bootCache;
	}

	public Caches getCaches() {
		return this.caches;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Path getPidFile() {
		return this.pidFile;
	}

	public void setPidFile(Path pidFile) {
		this.pidFile = pidFile;
	}

	/**
	 * Parses a number of workers.
	 * @param text the value: {@code auto} or a whole number of at least 1
	 * @param perProcessor what {@code auto} means, per available processor
	 * @return the number
	 */
	private static int parseCount(String text, int perProcessor) {
		String value = (text != null) ? text.trim() : "";
		if (AUTO.equalsIgnoreCase(value)) {
			return perProcessor * Runtime.getRuntime().availableProcessors();
		}
		try {
			int count = Integer.parseInt(value);
			if (count >= 1) {
				return count;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidClusterPropertyException("'" + AUTO + "' or a whole number of at least 1");
	}

	static Duration requirePositive(Duration duration) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new InvalidClusterPropertyException("a duration greater than zero, such as 30s or 500ms");
		}
		return duration;
	}

	/**
	 * How the application runs under a debugger or with Spring Boot DevTools.
	 */
	public enum DevelopmentMode {

		/**
		 * In the launching process, without a master or workers.
		 */
		SINGLE,

		/**
		 * As a master and its workers, as elsewhere.
		 */
		CLUSTER

	}

	/**
	 * Settings of the worker processes.
	 */
	public static class Worker {

		/**
		 * Extra JVM options for worker processes, added after the options the master was
		 * started with (for example -Xmx512m). Unless the options choose them, workers
		 * also get options that size them for their share of the machine and that raise
		 * the thresholds of HotSpot's C2 compiler tenfold.
		 */
		private List<String> jvmArgs = new ArrayList<>();

		/**
		 * Whether each worker runs in a scheduling group of its own (a session of its
		 * own: an autogroup of its own on a plain Linux host), so that a worker that
		 * starts gets a share of the CPU next to workers that serve, whatever their
		 * number of threads.
		 */
		private boolean ownSchedulingGroup = true;

		/**
		 * Nice value a serving worker takes so that a starting worker gets most of the
		 * CPU: 'auto' or a whole number from 0 to 19 (0 keeps the priority). Where the
		 * kernel's autogroups apply (a plain host) it is the nice value of the worker's
		 * autogroup while another worker starts, back to 0 once none does ('auto': 10);
		 * inside a cgroup the CPU scheduler uses (a container's), where only the cluster
		 * competes, that of each of its threads from the time it serves on ('auto': 15,
		 * since each thread then weighs alone, and a worker's busy threads add up).
		 */
		private String servingNice = "auto";

		private final Debug debug = new Debug();

		public List<String> getJvmArgs() {
			return this.jvmArgs;
		}

		public void setJvmArgs(List<String> jvmArgs) {
			this.jvmArgs = jvmArgs;
		}

		public boolean isOwnSchedulingGroup() {
			return this.ownSchedulingGroup;
		}

		public void setOwnSchedulingGroup(boolean ownSchedulingGroup) {
			this.ownSchedulingGroup = ownSchedulingGroup;
		}

		public String getServingNice() {
			return this.servingNice;
		}

		public void setServingNice(String servingNice) {
			String value = (servingNice != null) ? servingNice.trim() : "";
			if (!AUTO.equalsIgnoreCase(value) && !isNiceValue(value)) {
				throw new InvalidClusterPropertyException(
						"'" + AUTO + "' or a whole number from 0 to 19 (0 keeps the priority)");
			}
			this.servingNice = value;
		}

		public Debug getDebug() {
			return this.debug;
		}

		private static boolean isNiceValue(String value) {
			try {
				int nice = Integer.parseInt(value);
				return nice >= 0 && nice <= 19;
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}

		/**
		 * The debugger agent (JDWP) each worker gets, for an IDE to attach to: the master
		 * leaves its own debugger agent out of the workers' options.
		 */
		public static class Debug {

			private static final int MAX_PORT = 65535;

			private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:\\[\\]*-]+");

			/**
			 * Port of worker 1's debugger agent; worker N listens on port + N - 1, or,
			 * while another worker holds that port (its slot's previous worker, which a
			 * reload or a recycling stops once the new one is ready), on port +
			 * max-workers + N - 1. Unset: workers run without a debugger agent.
			 */
			private Integer port;

			/**
			 * Address the workers' debugger agents listen on: the loopback address by
			 * default; another address of the host, or '*' for every interface, lets
			 * other machines attach, and whoever attaches can run any code in the
			 * worker.
			 */
			private String address = "127.0.0.1";

			public Integer getPort() {
				return this.port;
			}

			public void setPort(Integer port) {
				if (port != null && (port < 1 || port > MAX_PORT)) {
					throw new InvalidClusterPropertyException("a port from 1 to " + MAX_PORT);
				}
				this.port = port;
			}

			public String getAddress() {
				return this.address;
			}

			public void setAddress(String address) {
				if (address == null || !ADDRESS.matcher(address.trim()).matches()) {
					throw new InvalidClusterPropertyException("an IP address or host name, or * for every interface");
				}
				this.address = address.trim();
			}

		}

	}

	/**
	 * The HTTP sessions the master keeps for the workers, so that any worker serves any
	 * session and sessions outlive workers (Spring Session's repository, in worker
	 * processes only).
	 */
	public static class Sessions {

		/**
		 * The largest max-session-size: a session is sent whole between a worker and the
		 * master.
		 */
		static final DataSize MAX_SESSION_SIZE_LIMIT = DataSize.ofMegabytes(16);

		/**
		 * Whether the workers keep HTTP sessions (HttpSession, WebSession) in the master,
		 * where every worker finds them and where they outlive reloads and crashes.
		 * ClusterBoot steps back when the application has a Spring Session repository of
		 * its own (JDBC, Redis).
		 */
		private boolean enabled = true;

		/**
		 * Most memory the master's sessions take together. Beyond, the master evicts the
		 * sessions least likely to be used again, logs and counts it.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(128);

		/**
		 * Largest session the master keeps. A request that makes its session larger
		 * fails, and the session stays as it was.
		 */
		private DataSize maxSessionSize = DataSize.ofMegabytes(1);

		/**
		 * Whether a master that stops keeps its sessions in a file of store-dir, which
		 * the next master of the same application restores, so that a restart of the
		 * service or of the host logs no one out.
		 */
		private boolean persistent = true;

		/**
		 * Directory of the file that holds the sessions between two runs, private to the
		 * user. Defaults to systemd's STATE_DIRECTORY when the service has one (it
		 * outlives a reboot), else to a directory of the user in java.io.tmpdir.
		 */
		private Path storeDir;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			if (maxSize == null || maxSize.compareTo(MAX_SESSION_SIZE_LIMIT) < 0) {
				throw new InvalidClusterPropertyException("a size of at least 16MB, such as 256MB");
			}
			this.maxSize = maxSize;
		}

		public DataSize getMaxSessionSize() {
			return this.maxSessionSize;
		}

		public void setMaxSessionSize(DataSize maxSessionSize) {
			if (maxSessionSize == null || maxSessionSize.toBytes() < 1
					|| maxSessionSize.compareTo(MAX_SESSION_SIZE_LIMIT) > 0) {
				throw new InvalidClusterPropertyException("a size from 1B to 16MB, such as 1MB");
			}
			this.maxSessionSize = maxSessionSize;
		}

		public boolean isPersistent() {
			return this.persistent;
		}

		public void setPersistent(boolean persistent) {
			this.persistent = persistent;
		}

		public Path getStoreDir() {
			return this.storeDir;
		}

		public void setStoreDir(Path storeDir) {
			this.storeDir = storeDir;
		}

		/**
		 * Returns the directory of the sessions' file.
		 * @param environment the process's environment, for systemd's
		 * {@code STATE_DIRECTORY}
		 * @return the configured directory, or the default one
		 */
		public Path resolveStoreDir(Map<String, String> environment) {
			if (this.storeDir != null) {
				return this.storeDir;
			}
			String stateDirectories = environment.get("STATE_DIRECTORY");
			if (stateDirectories != null && !stateDirectories.isBlank()) {
				// systemd lists one per StateDirectory= entry, separated by colons
				return Path.of(stateDirectories.split(":")[0]);
			}
			return Path.of(System.getProperty("java.io.tmpdir"),
					"clusterboot-sessions-" + System.getProperty("user.name"));
		}

	}

	/**
	 * The boot cache the master starts workers from: an extracted copy of the jar and a
	 * class archive made by a training run (AppCDS on JDK 17 to 24, the AOT cache on JDK
	 * 25 and later), kept per jar content, JDK and JVM options.
	 */
	public static class BootCache {

		/**
		 * Whether the master builds a boot cache for the jar it runs and starts workers
		 * from it. Until it is built, and whenever it cannot be used, workers start the
		 * plain way.
		 */
		private boolean enabled = true;

		/**
		 * Directory of the boot caches, private to the master's user. Default:
		 * 'clusterboot-boot-cache-<user>' in the temporary directory (java.io.tmpdir).
		 */
		private Path directory;

		/**
		 * How long the training run that makes a class archive may take before it is
		 * killed and the cache reported unavailable.
		 */
		private Duration trainingTimeout = Duration.ofMinutes(2);

		/**
		 * Whether the master only builds the boot cache of the jar and exits, with 0 once
		 * the cache is ready and 1 if it cannot be built, instead of running the cluster:
		 * for the step of an image build that prepares the cache the containers start
		 * their workers from. Give it as an application argument
		 * (--cluster.boot-cache.build-only), since the JVM options, unlike the arguments,
		 * are part of the cache's key.
		 */
		private boolean buildOnly;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(Path directory) {
			this.directory = directory;
		}

		/**
		 * Returns the directory of the boot caches, resolving the default.
		 * @return the directory
		 */
		public Path resolveDirectory() {
			return (this.directory != null) ? this.directory : Path.of(System.getProperty("java.io.tmpdir"),
					"clusterboot-boot-cache-" + System.getProperty("user.name"));
		}

		public Duration getTrainingTimeout() {
			return this.trainingTimeout;
		}

		public void setTrainingTimeout(Duration trainingTimeout) {
			this.trainingTimeout = requirePositive(trainingTimeout);
		}

		public boolean isBuildOnly() {
			return this.buildOnly;
		}

		public void setBuildOnly(boolean buildOnly) {
			this.buildOnly = buildOnly;
		}

	}

	/**
	 * The application's caches (Spring's cache abstraction) in the workers.
	 */
	public static class Caches {

		private final Invalidation invalidation = new Invalidation();

		public Invalidation getInvalidation() {
			return this.invalidation;
		}

		/**
		 * How a change to a cache entry in one worker reaches the other workers' caches.
		 */
		public static class Invalidation {

			/**
			 * Whether a change to a cache entry in a worker (@CacheEvict, @CachePut,
			 * Cache.evict, put, clear) evicts it in the other workers, through the master,
			 * within milliseconds; values are never sent. Every CacheManager bean of the
			 * application is decorated for it.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * The cluster's meters as a backend sees them.
	 */
	public static class Metrics {

		/**
		 * How long a worker that takes a Prometheus scrape (/actuator/prometheus) waits for
		 * the other workers' meters; a worker that does not answer in time is left out of
		 * that scrape and counted in cluster.scrape.missed. Keep it below Prometheus'
		 * scrape_timeout (10s by default).
		 */
		private Duration scrapeTimeout = Duration.ofSeconds(2);

		public Duration getScrapeTimeout() {
			return this.scrapeTimeout;
		}

		public void setScrapeTimeout(Duration scrapeTimeout) {
			this.scrapeTimeout = requirePositive(scrapeTimeout);
		}

	}

	/**
	 * How workers show that they are alive.
	 */
	public static class Heartbeat {

		/**
		 * How often a worker reports to the master, from a thread of its own, with its
		 * figures: memory, CPU, requests and busy request threads. A worker whose request
		 * threads are all busy goes on beating and shows as saturated.
		 */
		private Duration interval = Duration.ofSeconds(5);

		/**
		 * How long a worker may stay silent before the master has it print a thread dump,
		 * kills it and starts a replacement.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = requirePositive(interval);
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = requirePositive(timeout);
		}

	}

	/**
	 * When the master replaces a worker that has served long enough, the way a reload
	 * does: the replacement first, then the drain, one worker at a time.
	 */
	public static class Recycle {

		/**
		 * Number of requests after which a worker is replaced; 0 never replaces.
		 */
		private long maxRequests;

		/**
		 * Random number of requests, up to this, added to max-requests for each worker so
		 * that workers are not all replaced at once.
		 */
		private long maxRequestsJitter;

		/**
		 * Resident memory size above which a worker is replaced; unset never replaces.
		 */
		private DataSize maxMemory;

		public long getMaxRequests() {
			return this.maxRequests;
		}

		public void setMaxRequests(long maxRequests) {
			this.maxRequests = requireNotNegative(maxRequests);
		}

		public long getMaxRequestsJitter() {
			return this.maxRequestsJitter;
		}

		public void setMaxRequestsJitter(long maxRequestsJitter) {
			this.maxRequestsJitter = requireNotNegative(maxRequestsJitter);
		}

		public DataSize getMaxMemory() {
			return this.maxMemory;
		}

		public void setMaxMemory(DataSize maxMemory) {
			if (maxMemory != null && maxMemory.toBytes() <= 0) {
				throw new InvalidClusterPropertyException("a size greater than zero, such as 512MB");
			}
			this.maxMemory = maxMemory;
		}

		private static long requireNotNegative(long value) {
			if (value < 0) {
				throw new InvalidClusterPropertyException("a whole number of at least 0 (0 turns it off)");
			}
			return value;
		}

	}

	/**
	 * How a rolling reload replaces the workers.
	 */
	public static class Reload {

		/**
		 * Number of workers replaced at a time. Each replacement starts first and the old
		 * worker drains once the new one is ready, so serving capacity never drops.
		 */
		private int batchSize = 1;

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			if (batchSize < 1) {
				throw new InvalidClusterPropertyException("a whole number of at least 1");
			}
			this.batchSize = batchSize;
		}

	}

	/**
	 * How the master restarts workers that exit unexpectedly.
	 */
	public static class Restart {

		/**
		 * Delay before restarting a worker that exited soon after it started. It doubles
		 * with every such exit in a row.
		 */
		private Duration initialDelay = Duration.ofSeconds(1);

		/**
		 * Upper bound of the restart delay.
		 */
		private Duration maxDelay = Duration.ofSeconds(30);

		/**
		 * How long a worker must run for its exit to count as a one-off rather than a
		 * crash loop; such an exit is restarted at once and resets the delay.
		 */
		private Duration minUptime = Duration.ofSeconds(30);

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = requirePositive(initialDelay);
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = requirePositive(maxDelay);
		}

		public Duration getMinUptime() {
			return this.minUptime;
		}

		public void setMinUptime(Duration minUptime) {
			this.minUptime = requirePositive(minUptime);
		}

	}

}
