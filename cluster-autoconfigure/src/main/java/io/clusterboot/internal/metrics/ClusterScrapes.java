package io.clusterboot.internal.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.clusterboot.internal.messaging.SubscribableMessenger;
import io.clusterboot.internal.worker.MasterUnavailableException;
import io.clusterboot.internal.worker.WorkerControl;
import io.clusterboot.internal.worker.WorkerIdentity;
import io.clusterboot.messaging.ClusterMessageEvent;
import io.clusterboot.status.WorkerState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the other workers' expositions for a scrape that this worker answers, and
 * answers theirs, through the master, with cluster messages of ClusterBoot's own topics:
 * the channel the application's {@code ClusterMessenger} uses, on which the master
 * forwards off its own thread and drops what does not fit, never waiting for a worker.
 * <p>
 * A scrape asks every serving worker at once, and the master, in parallel, which workers
 * serve; it waits for those, up to the timeout. A worker that has not answered by then
 * is left out of that scrape and counted in {@code cluster.scrape.missed}; a worker that
 * answers though the master did not name it (it became ready meanwhile) is in. A worker
 * that the master does not name (it drains, and took the scrape just before; or the
 * master has not yet heard that it is ready) waits for none: the master forwards
 * messages to serving workers only, so no answer would reach it; the others are left
 * out and counted. A worker that became ready after the request passed the master never
 * got it (the master forwards by the workers it knew then): the workers that have not
 * answered after a quarter of the timeout are asked again, in their slots. A slot counts
 * as answered once any worker of it answered: the master names a worker that it retires
 * just after, whose successor in the slot answers instead.
 * Expositions are ordered by slot, the newest worker of a slot first.
 * <p>
 * A worker answers on the thread that receives cluster messages: a scrape of its own
 * registry takes milliseconds, and cache invalidations wait that long.
 *
 * @author ClusterBoot team
 */
public class ClusterScrapes implements MeterBinder {

	/**
	 * Topic of the requests.
	 */
	static final String REQUEST_TOPIC = "clusterboot.scrape.request";

	/**
	 * Topic of the answers.
	 */
	static final String PART_TOPIC = "clusterboot.scrape.part";

	private static final Logger logger = LoggerFactory.getLogger(ClusterScrapes.class);

	/**
	 * Which part of the timeout passes before the workers that have not answered are
	 * asked again.
	 */
	private static final int RESEND_DIVISOR = 4;

	private static final Comparator<Exposition> ORDER = Comparator.comparingInt(Exposition::slot)
		.thenComparing(Comparator.comparingLong(Exposition::worker).reversed());

	private final SubscribableMessenger messenger;

	private final WorkerIdentity identity;

	private final ServingWorkers serving;

	private final Duration timeout;

	private final int partChars;

	private final AtomicLong lastRequest = new AtomicLong();

	private final Map<Long, Gathering> gatherings = new ConcurrentHashMap<>();

	private final AtomicLong missed = new AtomicLong();

	private volatile LocalScrape local;

	/**
	 * Creates the scrapes of a worker and starts receiving requests and answers.
	 * @param messenger carries requests and answers
	 * @param identity this worker
	 * @param serving tells which workers serve
	 * @param timeout how long a scrape waits for the others
	 */
	public ClusterScrapes(SubscribableMessenger messenger, WorkerIdentity identity, ServingWorkers serving,
			Duration timeout) {
		this(messenger, identity, serving, timeout, ScrapeParts.PART_CHARS);
	}

	ClusterScrapes(SubscribableMessenger messenger, WorkerIdentity identity, ServingWorkers serving, Duration timeout,
			int partChars) {
		this.messenger = messenger;
		this.identity = identity;
		this.serving = serving;
		this.timeout = timeout;
		this.partChars = partChars;
		messenger.subscribe(REQUEST_TOPIC, this::answer);
		messenger.subscribe(PART_TOPIC, this::receive);
	}

	/**
	 * Returns the serving workers as the master tells them.
	 * @param control the worker's control channel
	 * @return the serving workers
	 */
	public static ServingWorkers servingWorkers(WorkerControl control) {
		return (timeout) -> control.status(timeout)
			.processes()
			.stream()
			.filter((worker) -> worker.state() == WorkerState.READY)
			.collect(Collectors.toUnmodifiableMap((worker) -> worker.id(), (worker) -> worker.slot()));
	}

	/**
	 * Sets how this worker scrapes its own registry, to answer the others: until then it
	 * does not.
	 * @param local scrapes this worker's registry
	 */
	public void answerWith(LocalScrape local) {
		this.local = local;
	}

	/**
	 * Gathers the other workers' expositions, waiting up to the timeout.
	 * @param format the exposition format, the name of a {@code PrometheusOutputFormat}
	 * @param names the only metric names to include, or {@code null} for all
	 * @return the expositions that arrived in time, by slot, the newest worker of a slot
	 * first
	 */
	public List<Exposition> gather(String format, Set<String> names) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		long id = this.lastRequest.incrementAndGet();
		Gathering gathering = new Gathering();
		this.gatherings.put(id, gathering);
		try {
			ScrapeRequest request = new ScrapeRequest(id, this.identity.id(), format,
					(names != null) ? List.copyOf(names) : null);
			this.messenger.broadcast(REQUEST_TOPIC, request);
			Map<Long, Integer> serving = serving(deadline);
			Map<Long, Integer> expected = new HashMap<>(serving);
			boolean reachable = serving.isEmpty() || expected.remove(this.identity.id()) != null;
			long end = reachable ? deadline : System.nanoTime();
			List<Exposition> expositions = gathering.await(expected,
					Math.min(end, System.nanoTime() + this.timeout.toNanos() / RESEND_DIVISOR));
			Set<Integer> unanswered = unanswered(expected, expositions).map(expected::get)
				.collect(Collectors.toSet());
			if (!unanswered.isEmpty() && end > System.nanoTime()) {
				unanswered.forEach((slot) -> this.messenger.send(slot, REQUEST_TOPIC, request));
				expositions = gathering.await(expected, end);
			}
			long left = unanswered(expected, expositions).count();
			if (left > 0) {
				this.missed.addAndGet(left);
				logger.debug("Left {} worker(s) out of a scrape: no answer within {}", left, this.timeout);
			}
			return expositions.stream().sorted(ORDER).toList();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not ask the other workers for their meters; this worker's alone", ex);
			return List.of();
		}
		finally {
			this.gatherings.remove(id);
		}
	}

	private Map<Long, Integer> serving(long deadline) {
		try {
			return this.serving.slots(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
		}
		catch (MasterUnavailableException ex) {
			logger.debug("Scraping without knowing the serving workers: {}", ex.getMessage());
			return Map.of();
		}
	}

	/**
	 * Returns the expected workers that have not answered, and whose slot no other worker
	 * answered for: the one that replaced a worker retired meanwhile answers for its slot.
	 */
	private static Stream<Long> unanswered(Map<Long, Integer> expected, List<Exposition> expositions) {
		Set<Long> answered = expositions.stream().map(Exposition::worker).collect(Collectors.toSet());
		Set<Integer> slots = expositions.stream().map(Exposition::slot).collect(Collectors.toSet());
		return expected.entrySet()
			.stream()
			.filter((worker) -> !answered.contains(worker.getKey()) && !slots.contains(worker.getValue()))
			.map(Map.Entry::getKey);
	}

	/**
	 * Returns how many workers were left out of scrapes.
	 * @return the count
	 */
	long missed() {
		return this.missed.get();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("cluster.scrape.missed", this.missed, AtomicLong::get)
			.description("Workers left out of a scrape that this worker answered for the cluster: they did not "
					+ "answer in time, or this worker was no longer serving")
			.register(registry);
	}

	private void answer(ClusterMessageEvent event) {
		ScrapeRequest request = event.getPayload(ScrapeRequest.class);
		LocalScrape local = this.local;
		if (request.requester() == this.identity.id() || local == null) {
			return;
		}
		String exposition = local.scrape(request.format(),
				(request.names() != null) ? Set.copyOf(request.names()) : null);
		List<String> parts = ScrapeParts.encode(exposition, this.partChars);
		for (int i = 0; i < parts.size(); i++) {
			this.messenger.send(event.getSenderSlot(), PART_TOPIC, new ScrapePart(request.id(),
					request.requester(), this.identity.id(), this.identity.slot(), i, parts.size(), parts.get(i)));
		}
	}

	private void receive(ClusterMessageEvent event) {
		ScrapePart part = event.getPayload(ScrapePart.class);
		Gathering gathering = (part.requester() == this.identity.id()) ? this.gatherings.get(part.request()) : null;
		if (gathering != null) {
			gathering.add(part);
		}
	}

	/**
	 * Tells which workers serve.
	 */
	@FunctionalInterface
	public interface ServingWorkers {

		/**
		 * Returns the serving workers.
		 * @param timeout how long to wait for the answer
		 * @return the slot of each serving worker, by id
		 * @throws MasterUnavailableException if the master does not tell in time
		 */
		Map<Long, Integer> slots(Duration timeout);

	}

	/**
	 * Scrapes this worker's own registry.
	 */
	@FunctionalInterface
	public interface LocalScrape {

		/**
		 * Scrapes this worker's registry.
		 * @param format the exposition format, the name of a {@code PrometheusOutputFormat}
		 * @param names the only metric names to include, or {@code null} for all
		 * @return the exposition
		 */
		String scrape(String format, Set<String> names);

	}

	/**
	 * A worker's exposition.
	 *
	 * @param worker the worker's id
	 * @param slot the worker's slot
	 * @param text the exposition
	 */
	public record Exposition(long worker, int slot, String text) {
	}

	/**
	 * The answers to one request, as their parts arrive.
	 */
	private static final class Gathering {

		private final Map<Long, String[]> parts = new HashMap<>();

		private final List<Exposition> complete = new ArrayList<>();

		synchronized void add(ScrapePart part) {
			String[] parts = this.parts.computeIfAbsent(part.worker(), (worker) -> new String[part.parts()]);
			if (part.part() < 0 || part.part() >= parts.length || parts[part.part()] != null) {
				return;
			}
			parts[part.part()] = part.data();
			for (String received : parts) {
				if (received == null) {
					return;
				}
			}
			try {
				this.complete.add(new Exposition(part.worker(), part.slot(), ScrapeParts.decode(parts)));
				notifyAll();
			}
			catch (IllegalArgumentException ex) {
				logger.debug("Dropped the exposition of worker {}", part.worker(), ex);
			}
		}

		synchronized List<Exposition> await(Map<Long, Integer> expected, long deadline) {
			long left;
			while (unanswered(expected, this.complete).findAny().isPresent()
					&& (left = deadline - System.nanoTime()) > 0) {
				try {
					TimeUnit.NANOSECONDS.timedWait(this, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			return List.copyOf(this.complete);
		}

	}

}
