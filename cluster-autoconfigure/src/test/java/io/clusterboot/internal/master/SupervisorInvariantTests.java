package io.clusterboot.internal.master;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.master.FakeCluster.FakeWorker;
import io.clusterboot.internal.master.MasterAction.SignalWorker;
import io.clusterboot.internal.master.MasterAction.WorkerSignal;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.ReloadState;
import io.clusterboot.status.UpgradeState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The {@link Supervisor}'s invariants under random sequences of events: workers that
 * start, become ready, beat, crash, hang and release the leadership in any order;
 * reloads, scalings, recyclings and master upgrades started and ended at any time;
 * configurations that change or cannot be read; forks that fail. After every step, at
 * most one worker holds the leadership, no more workers start than
 * {@code cluster.max-starting}, the cluster wants at least one worker, no serving
 * worker is stopped unless the cluster stops, its slot went or a newer worker of its
 * slot serves, and no signal goes to a process that is not a running worker of the
 * master. Once the workers behave, every reload and upgrade ends. A failure names the
 * seed and the steps that led to it.
 *
 * @author ClusterBoot team
 */
class SupervisorInvariantTests {

	private static final int SEQUENCES = 400;

	private static final int STEPS = 150;

	private static final long NEW_MASTER = 5000;

	@Test
	void randomSequencesOfEventsKeepTheInvariants() {
		for (long seed = 1; seed <= SEQUENCES; seed++) {
			new Walk(seed).run();
		}
	}

	/**
	 * One random sequence of events, and what the test saw of it.
	 */
	private static final class Walk {

		private final long seed;

		private final Random random;

		private final List<String> steps = new ArrayList<>();

		private final int maxStarting;

		private final FakeCluster cluster;

		/**
		 * The workers that hold the leadership as they see it: granted, and not released.
		 */
		private final Set<Long> leaders = new HashSet<>();

		/**
		 * The workers told their leadership is revoked that have not released it yet.
		 */
		private final Set<Long> revoked = new HashSet<>();

		private final Map<Long, Integer> messagesSeen = new HashMap<>();

		private int actionsSeen;

		private int newMasterSignalsSeen;

		/**
		 * The workers seen exited at the last look.
		 */
		private final Set<Long> exited = new HashSet<>();

		/**
		 * The workers that drained without being asked to: they exit once the workers
		 * behave.
		 */
		private final Set<Long> drainedThemselves = new HashSet<>();

		/**
		 * The ready workers whose TERM was checked.
		 */
		private final Set<Long> termChecked = new HashSet<>();

		Walk(long seed) {
			this.seed = seed;
			this.random = new Random(seed);
			int workers = 1 + this.random.nextInt(3);
			this.maxStarting = 1 + this.random.nextInt(2);
			int batchSize = 1 + this.random.nextInt(2);
			boolean recycles = this.random.nextBoolean();
			this.steps.add("workers " + workers + ", max-starting " + this.maxStarting + ", batch " + batchSize
					+ (recycles ? ", recycling after 100 requests" : ""));
			Consumer<ClusterProperties> settings = (properties) -> {
				properties.setWorkers(Integer.toString(workers));
				properties.setMaxStarting(Integer.toString(this.maxStarting));
				properties.setMaxWorkers("5");
				properties.getReload().setBatchSize(batchSize);
				if (recycles) {
					properties.getRecycle().setMaxRequests(100);
				}
			};
			this.cluster = FakeCluster.start(settings);
			this.cluster.configurationOnDisk(settings);
		}

		void run() {
			observe();
			for (int i = 0; i < STEPS && !this.cluster.isFinished(); i++) {
				step();
				observe();
			}
			settle();
		}

		private void step() {
			int choice = this.random.nextInt(100);
			if (choice < 20) {
				Duration elapsed = Duration.ofMillis(this.random.nextInt(4000));
				record("advance " + elapsed.toMillis() + " ms", () -> this.cluster.advance(elapsed));
			}
			else if (choice < 36) {
				pick(this.cluster.starting())
					.ifPresent((worker) -> record("ready " + worker, () -> this.cluster.ready(worker)));
			}
			else if (choice < 48) {
				long served = this.random.nextInt(150);
				pick(readied()).ifPresent((worker) -> record("heartbeat " + worker + " served " + served,
						() -> this.cluster.heartbeat(worker, served, 1)));
			}
			else if (choice < 55) {
				record("signalled workers exit", this.cluster::exitSignalled);
			}
			else if (choice < 61) {
				releaseRevoked();
			}
			else if (choice < 65) {
				int code = List.of(0, 1, 137, 143).get(this.random.nextInt(4));
				pick(this.cluster.running()).ifPresent((worker) -> record("crash " + worker + " with " + code,
						() -> this.cluster.exit(worker, code)));
			}
			else if (choice < 71) {
				record("SIGHUP", () -> this.cluster.signal("HUP"));
			}
			else if (choice < 74) {
				record("SIGTTIN", () -> this.cluster.signal("TTIN"));
			}
			else if (choice < 77) {
				record("SIGTTOU", () -> this.cluster.signal("TTOU"));
			}
			else if (choice < 80) {
				int workers = this.random.nextInt(7);
				record("scale to " + workers,
						() -> this.cluster.command(300, ControlMessage.of(ControlMessage.SCALE, "workers", workers)));
			}
			else if (choice < 84) {
				record("SIGUSR1", () -> this.cluster.signal("USR1"));
			}
			else if (choice < 86) {
				record("take-over by the new master",
						() -> this.cluster.command(NEW_MASTER, ControlMessage.of(ControlMessage.TAKE_OVER)));
			}
			else if (choice < 88) {
				record("new master exits", () -> this.cluster.newMasterExits(1));
			}
			else if (choice < 91) {
				changeConfigurationOnDisk();
			}
			else if (choice < 93) {
				boolean fails = this.random.nextBoolean();
				record("forks " + (fails ? "fail" : "succeed"), () -> this.cluster.forkFails(fails));
			}
			else if (choice < 95) {
				pick(this.cluster.running()).ifPresent((worker) -> record(worker + " unreachable",
						() -> this.cluster.unreachable(worker)));
			}
			else if (choice < 97) {
				// a worker drains on TERM, and also when the application stops itself
				pick(readied()).ifPresent((worker) -> record("draining " + worker, () -> {
					this.drainedThemselves.add(worker.id);
					this.cluster.draining(worker);
				}));
			}
			else if (choice < 98) {
				record("SIGTERM", () -> this.cluster.signal("TERM"));
			}
			else {
				Duration elapsed = Duration.ofSeconds(30 + this.random.nextInt(120));
				record("advance " + elapsed.toSeconds() + " s in seconds",
						() -> this.cluster.advanceInSeconds(elapsed));
			}
		}

		private void changeConfigurationOnDisk() {
			if (this.random.nextInt(3) == 0) {
				record("invalid configuration on disk",
						() -> this.cluster.invalidConfigurationOnDisk("cluster.workers must be at least 1"));
				return;
			}
			int workers = 1 + this.random.nextInt(4);
			record("configuration on disk with " + workers + " worker(s)",
					() -> this.cluster.configurationOnDisk((properties) -> {
						properties.setWorkers(Integer.toString(workers));
						properties.setMaxStarting(Integer.toString(this.maxStarting));
						properties.setMaxWorkers("5");
					}));
		}

		private void releaseRevoked() {
			for (FakeWorker worker : this.cluster.running()) {
				if (this.revoked.contains(worker.id) && this.random.nextBoolean()) {
					this.revoked.remove(worker.id);
					this.leaders.remove(worker.id);
					record(worker + " releases the leadership",
							() -> this.cluster.send(worker, ControlMessage.of(ControlMessage.LEADER_RELEASED)));
				}
			}
		}

		/**
		 * Lets the workers behave: ready when started, gone when told to stop, the
		 * leadership released when revoked, a new master of an upgrade that exits when
		 * told to, forks that work. Every reload and upgrade must then end, and the new master of an
		 * upgrade takes over or is gone.
		 */
		private void settle() {
			record("settle", () -> this.cluster.forkFails(false));
			for (int second = 0; second < 1200; second++) {
				this.cluster.starting().forEach(this.cluster::ready);
				this.cluster.exitSignalled();
				if (this.cluster.newMasterSignals().size() > this.newMasterSignalsSeen) {
					this.newMasterSignalsSeen = this.cluster.newMasterSignals().size();
					this.cluster.newMasterExits(0);
				}
				this.cluster.running()
					.stream()
					.filter((worker) -> this.drainedThemselves.contains(worker.id))
					.forEach((worker) -> this.cluster.exit(worker, 0));
				this.cluster.running()
					.stream()
					.filter((worker) -> this.revoked.remove(worker.id))
					.peek((worker) -> this.leaders.remove(worker.id))
					.forEach((worker) -> this.cluster.send(worker, ControlMessage.of(ControlMessage.LEADER_RELEASED)));
				observe();
				if (this.cluster.isFinished() || isQuiet()) {
					return;
				}
				this.cluster.advance(Duration.ofSeconds(1));
				observe();
			}
			check(false, "no quiet state 20 minutes after the events stopped: " + this.cluster.currentStatus());
		}

		private boolean isQuiet() {
			ClusterStatus status = this.cluster.currentStatus();
			boolean reloadEnded = status.reload() == null || status.reload().state() != ReloadState.RUNNING;
			boolean upgradeEnded = status.upgrade() == null || status.upgrade().state() != UpgradeState.RUNNING;
			return reloadEnded && upgradeEnded && this.cluster.starting().isEmpty()
					&& status.workers().ready() == status.workers().desired();
		}

		/**
		 * Follows what the supervisor told the workers and did since the last look, and
		 * checks the invariants.
		 */
		private void observe() {
			followLeadership();
			checkSignals();
			ClusterStatus status = this.cluster.currentStatus();
			check(this.leaders.size() <= 1, "more than one leader: worker ids " + this.leaders);
			check(this.cluster.starting().size() <= this.maxStarting,
					"more workers start than cluster.max-starting " + this.maxStarting + ": "
							+ this.cluster.starting());
			check(status.workers().desired() >= 1, "the cluster wants " + status.workers().desired() + " workers");
		}

		private void followLeadership() {
			for (FakeWorker worker : this.cluster.forked()) {
				int seen = this.messagesSeen.getOrDefault(worker.id, 0);
				for (ControlMessage message : worker.received.subList(seen, worker.received.size())) {
					if (message.type().equals(ControlMessage.LEADER_GRANTED)) {
						this.leaders.add(worker.id);
					}
					else if (message.type().equals(ControlMessage.LEADER_REVOKED)) {
						this.revoked.add(worker.id);
					}
				}
				this.messagesSeen.put(worker.id, worker.received.size());
				if (worker.exited) {
					this.leaders.remove(worker.id);
					this.revoked.remove(worker.id);
					this.leaders.remove(worker.id);
				}
			}
		}

		/**
		 * Checks every signal sent since the last look: to a worker the master started,
		 * with its pid, while it runs; and a TERM to a ready worker only when the cluster
		 * stops, its slot is gone or a newer worker of its slot is ready.
		 */
		private void checkSignals() {
			List<MasterAction> actions = this.cluster.actions();
			for (MasterAction action : actions.subList(this.actionsSeen, actions.size())) {
				if (action instanceof SignalWorker signal) {
					FakeWorker target = this.cluster.forked()
						.stream()
						.filter((worker) -> worker.id == signal.worker())
						.findFirst()
						.orElse(null);
					check(target != null && target.pid == signal.pid() && !this.exited.contains(signal.worker()),
							"a signal to no running worker of this master: " + signal);
				}
			}
			this.actionsSeen = actions.size();
			this.cluster.forked().stream().filter((worker) -> worker.exited).forEach((worker) -> this.exited.add(worker.id));
			for (FakeWorker worker : this.cluster.running()) {
				if (worker.readied && worker.signals.contains(WorkerSignal.TERM) && this.termChecked.add(worker.id)) {
					ClusterStatus status = this.cluster.currentStatus();
					boolean replaced = this.cluster.running()
						.stream()
						.anyMatch((newer) -> newer.slot == worker.slot && newer.id > worker.id && newer.readied);
					check(status.master().stopping() || worker.slot > status.workers().desired() || replaced,
							"a serving worker told to stop without a ready successor: " + worker);
				}
			}
		}

		private List<FakeWorker> readied() {
			return this.cluster.running().stream().filter((worker) -> worker.readied).toList();
		}

		private <T> Optional<T> pick(List<T> candidates) {
			return candidates.isEmpty() ? Optional.empty()
					: Optional.of(candidates.get(this.random.nextInt(candidates.size())));
		}

		private void record(String step, Runnable action) {
			this.steps.add(step);
			try {
				action.run();
			}
			catch (RuntimeException | AssertionError ex) {
				throw new AssertionError("Seed " + this.seed + " failed at its last step: " + ex + "\nSteps:\n"
						+ String.join("\n", this.steps) + "\nLog:\n" + String.join("\n", this.cluster.logs()), ex);
			}
		}

		private void check(boolean holds, String invariant) {
			if (!holds) {
				fail("Seed %d broke an invariant: %s%nSteps:%n%s%nLog:%n%s", this.seed, invariant,
						String.join("\n", this.steps), String.join("\n", this.cluster.logs()));
			}
		}

	}

}
