package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * A closed-loop HTTP load generator: each client sends one request, waits for its
 * response, and sends the next, until stopped, out of requests, or past its hard maximum
 * duration (so a load always ends by itself, even if a test forgets to stop it).
 * <p>
 * Keep-alive clients reuse their connection until the server answers with
 * {@code Connection: close}, then reconnect; that is how a draining worker hands its
 * connections back and is not a failure. A keep-alive connection that the server closes
 * or resets without having said {@code Connection: close} fails the request sent on it:
 * that is exactly the loss the zero-loss tests look for. {@code Connection: close}
 * clients open a new connection per request.
 * <p>
 * Traffic goes only to 127.0.0.1.
 *
 * @author ClusterBoot team
 */
final class HttpLoad implements AutoCloseable {

	private static final int MAX_EXAMPLES = 20;

	/** After a failed request, a client pauses this long (or until stopped) before retrying. */
	private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(20);

	private final Builder spec;

	private final List<Client> clients = new ArrayList<>();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final long startNanos = System.nanoTime();

	private final long deadlineNanos;

	private final AtomicLong tickets = new AtomicLong();

	private final LongAdder requests = new LongAdder();

	private final LongAdder successes = new LongAdder();

	private final LongAdder serverCloses = new LongAdder();

	private final Map<Integer, LongAdder> non2xx = new ConcurrentHashMap<>();

	private final Map<FailureKind, LongAdder> failures = new ConcurrentHashMap<>();

	private final Map<Responder, LongAdder> responders = new ConcurrentHashMap<>();

	private final List<String> examples = Collections.synchronizedList(new ArrayList<>());

	private volatile boolean hitMaxDuration;

	private volatile int unfinishedClients;

	private HttpLoad(Builder spec) {
		this.spec = spec;
		this.deadlineNanos = this.startNanos + spec.maxDuration.toNanos();
		for (int i = 1; i <= spec.keepAliveClients; i++) {
			this.clients.add(new Client("keep-alive-" + i, false));
		}
		for (int i = 1; i <= spec.closeClients; i++) {
			this.clients.add(new Client("close-" + i, true));
		}
		this.clients.forEach((client) -> client.thread.start());
	}

	/**
	 * A load against {@code 127.0.0.1:port}.
	 * @param port the port
	 * @return a builder (GET /hello, no clients yet, at most 5 minutes)
	 */
	static Builder to(int port) {
		return new Builder(port);
	}

	long successes() {
		return this.successes.sum();
	}

	long failures() {
		return this.failures.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/**
	 * The pids seen in response bodies so far.
	 * @return the pids
	 */
	Set<Long> pidsSeen() {
		return this.responders.keySet().stream().map(Responder::pid).collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * Whether every client has finished (stopped, out of requests or out of time).
	 * @return whether the load is over
	 */
	boolean isFinished() {
		return this.clients.stream().noneMatch((client) -> client.thread.isAlive());
	}

	/**
	 * The counts so far, while the load keeps running.
	 * @return the report
	 */
	LoadReport snapshot() {
		return new LoadReport(Duration.ofNanos(System.nanoTime() - this.startNanos), this.requests.sum(),
				this.successes.sum(), sums(new TreeMap<>(), this.non2xx), sums(new EnumMap<>(FailureKind.class),
						this.failures),
				List.copyOf(this.examples), sums(new LinkedHashMap<>(), this.responders), this.serverCloses.sum(),
				this.hitMaxDuration, this.unfinishedClients);
	}

	/**
	 * Which of the candidates serves most of the load right now, judged over the next
	 * {@code window} responses. The kernel does not spread connections evenly
	 * (one worker often takes nearly all of them, and a freshly started one almost none),
	 * so a test that wants to hit a worker under load picks it by its current traffic.
	 * @param candidates pids in order of preference on a tie
	 * @param window how many responses to observe
	 * @param timeout the deadline for those responses
	 * @return the busiest candidate
	 */
	long busiest(Set<Long> candidates, long window, Duration timeout) {
		Map<Long, Long> responses = LoadReport.byPid(awaitResponses(Set.of(), window, timeout));
		long busiest = candidates.iterator().next();
		for (long pid : candidates) {
			if (responses.getOrDefault(pid, 0L) > responses.getOrDefault(busiest, 0L)) {
				busiest = pid;
			}
		}
		return busiest;
	}

	/**
	 * Who answers from now on: waits until at least {@code count} more responses have
	 * arrived, among them one from each of {@code pids} at least.
	 * @param pids processes that must have answered
	 * @param count how many responses to observe at least
	 * @param timeout the deadline
	 * @return who answered meanwhile, with how many responses each
	 */
	Map<Responder, Long> awaitResponses(Set<Long> pids, long count, Duration timeout) {
		LoadReport before = snapshot();
		return Waits.until(count + " more responses, from each of " + pids + " at least", timeout,
				() -> snapshot().responsesSince(before),
				(responses) -> LoadReport.total(responses) >= count
						&& LoadReport.byPid(responses).keySet().containsAll(pids),
				() -> " " + snapshot());
	}

	/**
	 * Waits until the load ends by itself (request budget spent or maximum duration).
	 * @param timeout the deadline
	 * @return the final report
	 */
	LoadReport awaitFinished(Duration timeout) {
		Waits.until("the load to finish", timeout, this::isFinished, () -> " " + snapshot());
		return stop();
	}

	/**
	 * Stops every client after its current request and waits for them (bounded by the
	 * read timeout; a client still stuck after that has its socket closed).
	 * @return the final report
	 */
	LoadReport stop() {
		this.stopped.countDown();
		// Cleanup must finish even when a test timeout interrupted us; the flag is restored.
		boolean interrupted = Thread.interrupted();
		long deadline = System.nanoTime() + this.spec.readTimeout.plus(HttpConnection.CONNECT_TIMEOUT)
			.plusSeconds(2)
			.toNanos();
		int unfinished = 0;
		for (Client client : this.clients) {
			if (!join(client.thread, deadline)) {
				unfinished++;
				client.abort();
				join(client.thread, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
			}
		}
		this.unfinishedClients = unfinished;
		if (interrupted || Thread.interrupted()) {
			Thread.currentThread().interrupt();
		}
		return snapshot();
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Joins until the deadline; an interrupt does not cut it short but is remembered in
	 * the thread's flag once the join is over.
	 */
	private static boolean join(Thread thread, long deadlineNanos) {
		boolean interrupted = false;
		try {
			while (thread.isAlive()) {
				long remaining = deadlineNanos - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				try {
					thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			return true;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static <K> Map<K, Long> sums(Map<K, Long> target, Map<K, LongAdder> counters) {
		counters.forEach((key, counter) -> target.put(key, counter.sum()));
		return Collections.unmodifiableMap(target);
	}

	private boolean running() {
		if (this.stopped.getCount() == 0) {
			return false;
		}
		if (System.nanoTime() - this.deadlineNanos >= 0) {
			this.hitMaxDuration = true;
			return false;
		}
		return true;
	}

	private boolean takeTicket() {
		return this.spec.maxRequests <= 0 || this.tickets.incrementAndGet() <= this.spec.maxRequests;
	}

	private void recordResponse(HttpResponse response) {
		this.requests.increment();
		if (response.isSuccess()) {
			this.successes.increment();
		}
		else {
			this.non2xx.computeIfAbsent(response.status(), (status) -> new LongAdder()).increment();
			example(null, "HTTP " + response.status() + ": " + abbreviate(response.body()));
		}
		response.responder()
			.ifPresent((responder) -> this.responders.computeIfAbsent(responder, (key) -> new LongAdder()).increment());
	}

	private void recordFailure(String client, FailureKind kind, IOException ex) {
		this.requests.increment();
		this.failures.computeIfAbsent(kind, (key) -> new LongAdder()).increment();
		example(client, kind + ": " + ex);
	}

	private void example(String client, String message) {
		synchronized (this.examples) {
			if (this.examples.size() < MAX_EXAMPLES) {
				long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
				this.examples.add(String.format("+%d.%03ds %s %s", millis / 1000, millis % 1000,
						(client != null) ? client : "", message));
			}
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	/** Bounded pause after a failure so a refused port does not become a busy loop. */
	private void pauseAfterFailure() {
		try {
			this.stopped.await(PAUSE_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One closed-loop client on its own thread.
	 */
	private final class Client implements Runnable {

		private final String name;

		private final boolean close;

		private final Thread thread;

		private volatile HttpConnection connection;

		Client(String name, boolean close) {
			this.name = name;
			this.close = close;
			this.thread = new Thread(this, "load-" + name);
			this.thread.setDaemon(true);
		}

		@Override
		public void run() {
			try {
				while (running() && !Thread.currentThread().isInterrupted() && takeTicket()) {
					if (this.connection == null && !connect()) {
						pauseAfterFailure();
						continue;
					}
					if (!request()) {
						pauseAfterFailure();
					}
				}
			}
			finally {
				disconnect();
			}
		}

		private boolean connect() {
			try {
				this.connection = HttpConnection.open(HttpLoad.this.spec.port, HttpLoad.this.spec.readTimeout);
				return true;
			}
			catch (IOException ex) {
				recordFailure(this.name, FailureKind.of(ex, true), ex);
				return false;
			}
		}

		private boolean request() {
			HttpConnection current = this.connection;
			try {
				HttpResponse response = current.get(HttpLoad.this.spec.path, this.close);
				recordResponse(response);
				if (this.close || response.connectionClose()) {
					if (!this.close) {
						HttpLoad.this.serverCloses.increment();
					}
					current.awaitServerClose();
					disconnect();
				}
				return true;
			}
			catch (IOException ex) {
				recordFailure(this.name, FailureKind.of(ex, false), ex);
				disconnect();
				return false;
			}
		}

		private void disconnect() {
			HttpConnection current = this.connection;
			this.connection = null;
			if (current != null) {
				current.close();
			}
		}

		/** Unblocks a client stuck in a read when the load is stopped. */
		void abort() {
			this.thread.interrupt();
			HttpConnection current = this.connection;
			if (current != null) {
				current.close();
			}
		}

	}

	/**
	 * What load to generate.
	 */
	static final class Builder {

		private final int port;

		private String path = "/hello";

		private int keepAliveClients;

		private int closeClients;

		private long maxRequests;

		private Duration maxDuration = Duration.ofMinutes(5);

		private Duration readTimeout = HttpConnection.READ_TIMEOUT;

		private Builder(int port) {
			this.port = port;
		}

		Builder path(String path) {
			this.path = path;
			return this;
		}

		/**
		 * Clients that reuse their connection until the server closes it.
		 * @param count how many
		 * @return this
		 */
		Builder keepAliveClients(int count) {
			this.keepAliveClients = count;
			return this;
		}

		/**
		 * Clients that send {@code Connection: close} and open a connection per request.
		 * @param count how many
		 * @return this
		 */
		Builder closeClients(int count) {
			this.closeClients = count;
			return this;
		}

		/**
		 * As many keep-alive clients as {@code Connection: close} clients.
		 * @param count how many of each kind
		 * @return this
		 */
		Builder clientsOfEachKind(int count) {
			return keepAliveClients(count).closeClients(count);
		}

		/**
		 * Stops after this many requests in total (0: no limit).
		 * @param count the budget
		 * @return this
		 */
		Builder maxRequests(long count) {
			this.maxRequests = count;
			return this;
		}

		/**
		 * The hard time limit after which every client stops by itself.
		 * @param maxDuration the limit
		 * @return this
		 */
		Builder maxDuration(Duration maxDuration) {
			this.maxDuration = maxDuration;
			return this;
		}

		Builder readTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
			return this;
		}

		/**
		 * Starts the clients. The caller owns the result and must stop it.
		 * @return the running load
		 */
		HttpLoad start() {
			if (this.keepAliveClients + this.closeClients <= 0) {
				throw new IllegalStateException("A load needs at least one client");
			}
			return new HttpLoad(this);
		}

		/**
		 * Runs a load with a request budget to its end.
		 * @param timeout the deadline for all requests
		 * @return the final report
		 */
		LoadReport run(Duration timeout) {
			try (HttpLoad load = start()) {
				return load.awaitFinished(timeout);
			}
		}

		int concurrency() {
			return this.keepAliveClients + this.closeClients;
		}

	}

}
