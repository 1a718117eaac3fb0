package io.clusterboot.internal.jarmode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.clusterboot.internal.support.ClusterBootVersion;
import io.clusterboot.internal.ipc.AnsweringMaster;
import io.clusterboot.internal.ipc.ControlJson;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.ipc.MasterInfo;
import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.ReloadState;
import io.clusterboot.status.SlotState;
import io.clusterboot.status.UpgradeState;
import io.clusterboot.status.WorkerState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link ControlCommand} against control servers that play masters, in a base
 * directory of their own.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class ControlCommandTests {

	private static final Path JAR = Path.of("/srv/shop/app.jar");

	/**
	 * The master an upgrade replaces, in the upgrade's tests: this JVM.
	 */
	private static final long REPLACED = ProcessHandle.current().pid();

	/**
	 * The new master of an upgrade, in the upgrade's tests: a process that started before
	 * this JVM, which runs as long as it does.
	 */
	private static final long SUCCESSOR = ProcessHandle.current().parent().orElseThrow().pid();

	@TempDir
	Path base;

	private final List<AnsweringMaster> masters = new ArrayList<>();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@AfterEach
	void stopMasters() throws IOException {
		for (AnsweringMaster master : this.masters) {
			master.close();
		}
	}

	@Test
	void statusPrintsTheMasterTheWorkersAndATableOfTheProcesses() throws IOException {
		master(ProcessHandle.current().pid(), JAR, answering(ControlMessage.STATUS, value(status(null))));
		assertThat(run("status")).isEqualTo(ExitStatus.OK);
		assertThat(out()).startsWith("Master pid " + ProcessHandle.current().pid() + " (ClusterBoot "
				+ ClusterBootVersion.get()
				+ "), up 5m03s, serving 127.0.0.1:8080 (SHARED socket), management on 127.0.0.1:8081, generation 1");
		assertThat(out()).contains(
				"Workers 2/2 ready, 2 running, 0 errored, 1 restart(s), at most 8, 1 saturated (every request "
						+ "thread busy)",
				"Settings of generation 1: 2 worker(s), worker JVM options [-Xmx256m]",
				"Boot cache READY (AOT)",
				"Sessions 1200 in the master, 3MB of 128MB; since its start 4 evicted, 30 expired, 1 refused as larger "
						+ "than 1MB",
				"SLOT  PID   GEN  STATE  UPTIME  RESTARTS  CPU   MEMORY  THREADS        IN FLIGHT  SERVED  BOOT CACHE",
				"1     2001  1    READY  5m01s   1         1.5%  200MB   4/4 saturated  7          1200    yes",
				"2     2002  1    READY  45s     0         -     -       -              -          -       -");
		assertThat(err()).isEmpty();
	}

	@Test
	void statusShowsTheDebuggerColumnOnlyWhereAWorkerHasADebugger() throws Exception {
		master(ProcessHandle.current().pid(), JAR,
				answering(ControlMessage.STATUS, value(status(null, null, "127.0.0.1:5006"))));
		assertThat(run("status")).isEqualTo(ExitStatus.OK);
		assertThat(out()).contains(
				"SLOT  PID   GEN  STATE  UPTIME  RESTARTS  CPU   MEMORY  THREADS        IN FLIGHT  SERVED  BOOT CACHE  "
						+ "DEBUGGER",
				"1     2001  1    READY  5m01s   1         1.5%  200MB   4/4 saturated  7          1200    yes         "
						+ "127.0.0.1:5006",
				"2     2002  1    READY  45s     0         -     -       -              -          -       -           -");
	}

	@Test
	void statusJsonPrintsWhatTheClusterEndpointShows() throws Exception {
		master(ProcessHandle.current().pid(), JAR, answering(ControlMessage.STATUS, value(status(null))));
		assertThat(run("status", "--json")).isEqualTo(ExitStatus.OK);
		Object printed = ControlJson.read(out().getBytes(StandardCharsets.UTF_8));
		assertThat(ControlRecords.fromValue(printed, ClusterStatus.class)).isEqualTo(status(null));
	}

	@Test
	void reloadWaitFollowsTheReloadUntilItSucceeds() throws IOException {
		Deque<ClusterStatus.Reload> states = new ConcurrentLinkedDeque<>(
				List.of(reload(ReloadState.RUNNING, 1, null), reload(ReloadState.SUCCEEDED, 2, null)));
		master(ProcessHandle.current().pid(), JAR, (request) -> switch (request.type()) {
			case ControlMessage.RELOAD -> value(reload(ReloadState.RUNNING, 0, null));
			case ControlMessage.STATUS -> value(status((states.size() > 1) ? states.poll() : states.peek()));
			default -> Map.of();
		});
		assertThat(run("reload", "--wait")).isEqualTo(ExitStatus.OK);
		assertThat(out()).isEqualTo("""
				Reload 1 (generation 2) RUNNING REPLACING: 0/2 replaced, 2 old worker(s) left
				Reload 1 (generation 2) RUNNING REPLACING: 1/2 replaced, 2 old worker(s) left
				Reload 1 (generation 2) SUCCEEDED: 2/2 replaced, 0 old worker(s) left
				""");
	}

	@Test
	void reloadWaitExitsWithOneWhenTheReloadFails() throws IOException {
		master(ProcessHandle.current().pid(), JAR, (request) -> switch (request.type()) {
			case ControlMessage.RELOAD -> value(reload(ReloadState.RUNNING, 0, null));
			default -> value(status(reload(ReloadState.FAILED, 0, "Worker 3 (pid 77) exited with code 1")));
		});
		assertThat(run("reload", "--wait")).isEqualTo(ExitStatus.FAILED);
		assertThat(out()).endsWith(
				"Reload 1 (generation 2) FAILED: 0/2 replaced, 0 old worker(s) left: Worker 3 (pid 77) exited with code 1\n");
	}

	@Test
	void reloadWithoutWaitReturnsOnceTheMasterStartedIt() throws IOException {
		master(ProcessHandle.current().pid(), JAR, answering(ControlMessage.RELOAD, value(reload(ReloadState.RUNNING,
				0, null))));
		assertThat(run("reload")).isEqualTo(ExitStatus.OK);
		assertThat(out()).isEqualTo("Reload 1 (generation 2) RUNNING REPLACING: 0/2 replaced, 2 old worker(s) left\n");
	}

	@Test
	void upgradeWaitFollowsTheUpgradeUntilTheNewMasterTookOver() throws IOException {
		Deque<ClusterStatus.Upgrade> states = new ConcurrentLinkedDeque<>(
				List.of(upgrade(UpgradeState.RUNNING, 4242L, null), upgrade(UpgradeState.SUCCEEDED, 4242L, null)));
		master(ProcessHandle.current().pid(), JAR, (request) -> switch (request.type()) {
			case ControlMessage.UPGRADE -> value(upgrade(UpgradeState.RUNNING, null, null));
			case ControlMessage.STATUS -> value(status(null, (states.size() > 1) ? states.poll() : states.peek()));
			default -> Map.of();
		});
		assertThat(run("upgrade", "--wait")).isEqualTo(ExitStatus.OK);
		assertThat(out()).isEqualTo("""
				Master upgrade 1 RUNNING
				Master upgrade 1 RUNNING: new master pid 4242
				Master upgrade 1 SUCCEEDED: new master pid 4242
				""");
	}

	@Test
	void upgradeWaitExitsWithOneWhenTheNewMasterFails() throws IOException {
		master(ProcessHandle.current().pid(), JAR, (request) -> switch (request.type()) {
			case ControlMessage.UPGRADE -> value(upgrade(UpgradeState.RUNNING, null, null));
			default -> value(status(null, upgrade(UpgradeState.FAILED, 4242L,
					"the new master (pid 4242) exited with code 1 before it took over")));
		});
		assertThat(run("upgrade", "--wait")).isEqualTo(ExitStatus.FAILED);
		assertThat(out()).endsWith("Master upgrade 1 FAILED: new master pid 4242: the new master (pid 4242) exited "
				+ "with code 1 before it took over\n");
	}

	@Test
	void upgradeWaitAsksTheNewMasterOnceTheReplacedOneWentAwayAndExitsZeroWhenItTookOver() throws IOException {
		Deque<Long> takingOverFrom = new ConcurrentLinkedDeque<>(List.of(REPLACED));
		replacedMaster(newMaster((request) -> value(successorStatus(takingOverFrom.poll(), false))));
		assertThat(run("upgrade", "--wait")).isEqualTo(ExitStatus.OK);
		assertThat(out()).isEqualTo("Master upgrade 1 RUNNING\n" + "Master upgrade 1 RUNNING: new master pid "
				+ SUCCESSOR + "\n" + "Master upgrade 1 SUCCEEDED: new master pid " + SUCCESSOR + "\n");
		assertThat(err()).isEqualTo("Note: the master (pid " + REPLACED + ") closed the control connection; new "
				+ "master pid " + SUCCESSOR + " tells how the upgrade ends\n");
	}

	@Test
	void upgradeWaitExitsWithOneWhenTheNewMasterStopsWithoutHavingTakenOver() throws IOException {
		replacedMaster(newMaster((request) -> value(successorStatus(REPLACED, true))));
		assertThat(run("upgrade", "--wait")).isEqualTo(ExitStatus.FAILED);
		assertThat(out()).endsWith("Master upgrade 1 FAILED: new master pid " + SUCCESSOR
				+ ": it stops without having taken over\n");
	}

	@Test
	void upgradeWaitWhoseMastersWentAwayBothSaysThatItsOutcomeCannotBeKnown() throws IOException {
		replacedMaster(null);
		assertThat(run("upgrade", "--wait")).isEqualTo(ExitStatus.FAILED);
		assertThat(err()).isEqualTo("Master upgrade 1: how it ended cannot be known: the master (pid " + REPLACED
				+ ") closed the control connection, and no new master of it runs; see the masters' log\n");
	}

	@Test
	void upgradeThatTheMasterRefusesExitsWithOneAndSaysWhy() throws IOException {
		master(ProcessHandle.current().pid(), JAR, answering(ControlMessage.UPGRADE, Map.of(ControlMessage.REFUSED,
				"The master upgrade is refused: the master is PID 1 of its container")));
		assertThat(run("upgrade")).isEqualTo(ExitStatus.FAILED);
		assertThat(err()).isEqualTo("The master upgrade is refused: the master is PID 1 of its container\n");
	}

	@Test
	void scaleThatTheMasterRejectsExitsWithOneAndSaysWhy() throws IOException {
		master(ProcessHandle.current().pid(), JAR, answering(ControlMessage.SCALE,
				Map.of(ControlMessage.REJECTED, "The cluster runs at most 8 workers (cluster.max-workers)")));
		assertThat(run("scale", "9")).isEqualTo(ExitStatus.FAILED);
		assertThat(err()).isEqualTo("The cluster runs at most 8 workers (cluster.max-workers)\n");
	}

	@Test
	void scaleSendsTheNumberOfWorkers() throws IOException {
		master(ProcessHandle.current().pid(), JAR, (request) -> Map.of("desired", request.number("workers")));
		assertThat(run("scale", "3")).isEqualTo(ExitStatus.OK);
		assertThat(out()).isEqualTo("Scaling to 3 worker(s)\n");
	}

	@Test
	void noMasterExitsWithThreeAndSaysWhereItLooked() {
		assertThat(run("status")).isEqualTo(ExitStatus.NOT_RUNNING);
		assertThat(err()).isEqualTo("No master of " + JAR + " runs as user '" + System.getProperty("user.name")
				+ "' (none in " + this.base + ")\n");
	}

	@Test
	void directoryOfAMasterThatDiedIsIgnored() throws Exception {
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		master(gone.pid(), JAR, answering(ControlMessage.STATUS, value(status(null))));
		assertThat(run("status")).isEqualTo(ExitStatus.NOT_RUNNING);
	}

	@Test
	void directoryOfAMasterWhosePidAnotherProcessTookIsIgnored() throws IOException {
		AnsweringMaster master = AnsweringMaster.start(this.base, (request) -> value(status(null)));
		this.masters.add(master);
		// this JVM started after that master described itself: it only has the pid
		master.publish(new MasterInfo(ProcessHandle.current().pid(), ClusterBootVersion.get(), ControlServer.PROTOCOL,
				JAR.toString(), "127.0.0.1:8080", Instant.EPOCH, null, null));
		assertThat(run("status")).isEqualTo(ExitStatus.NOT_RUNNING);
	}

	@Test
	void directoryThatOtherUsersCanEnterIsNotTrusted() throws IOException {
		master(ProcessHandle.current().pid(), JAR, answering(ControlMessage.STATUS, value(status(null))));
		Path directory = this.masters.get(0).socketPath().getParent();
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
		assertThat(run("status")).isEqualTo(ExitStatus.NOT_RUNNING);
		assertThat(err()).startsWith("No master of " + JAR);
	}

	@Test
	void masterPlantedByAnotherUserIsNeverTalkedTo() throws IOException {
		assumeThat(System.getProperty("user.name")).as("root, to plant a directory as nobody").isEqualTo("root");
		AnsweringMaster planted = newMaster(answering(ControlMessage.RELOAD,
				value(reload(ReloadState.SUCCEEDED, 2, null))));
		// a start in the future passes for a master that runs whichever process has its pid
		planted.publish(new MasterInfo(ProcessHandle.current().pid(), ClusterBootVersion.get(), ControlServer.PROTOCOL,
				JAR.toString(), "127.0.0.1:8080", Instant.now().plus(Duration.ofDays(365)), null, JAR.toString()));
		Path directory = planted.socketPath().getParent();
		UserPrincipal nobody = directory.getFileSystem()
			.getUserPrincipalLookupService()
			.lookupPrincipalByName("nobody");
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				Files.setOwner(file, nobody);
			}
		}
		Files.setOwner(directory, nobody);
		assertThat(run("reload", "--wait")).isEqualTo(ExitStatus.ACCESS_DENIED);
		assertThat(out()).isEmpty();
		assertThat(err()).contains("but a master of another user may: 'nobody' (" + directory + ")");
	}

	@Test
	void masterOfAnotherJarIsNamedButNotUsed() throws IOException {
		master(ProcessHandle.current().pid(), Path.of("/srv/other/app.jar"), answering(ControlMessage.STATUS,
				value(status(null))));
		assertThat(run("status")).isEqualTo(ExitStatus.NOT_RUNNING);
		assertThat(err()).contains("masters of this user: pid " + ProcessHandle.current().pid()
				+ " (/srv/other/app.jar); choose one with --pid");
		this.err.reset();
		assertThat(run("status", "--pid", Long.toString(ProcessHandle.current().pid()))).isEqualTo(ExitStatus.OK);
	}

	@Test
	void masterStartedFromALinkIsTheOneOfTheLinkAfterItSwappedAndOfItsRealPath() throws IOException {
		Path release = Files.createDirectories(this.base.resolve("releases/42"));
		Path jar = Files.createFile(release.resolve("app.jar"));
		Files.createFile(Files.createDirectories(this.base.resolve("releases/43")).resolve("app.jar"));
		Path current = Files.createSymbolicLink(this.base.resolve("current"), release);
		AnsweringMaster master = newMaster(answering(ControlMessage.STATUS, value(status(null))));
		master.publish(new MasterInfo(ProcessHandle.current().pid(), ClusterBootVersion.get(), ControlServer.PROTOCOL,
				jar.toRealPath().toString(), "127.0.0.1:8080", Instant.now(), null,
				current.resolve("app.jar").toString()));
		Path next = Files.createSymbolicLink(this.base.resolve("current.next"), this.base.resolve("releases/43"));
		Files.move(next, current, StandardCopyOption.ATOMIC_MOVE);
		assertThat(run(current.resolve("app.jar"), "status")).as("%s", err()).isEqualTo(ExitStatus.OK);
		assertThat(run(jar, "status")).as("%s", err()).isEqualTo(ExitStatus.OK);
		assertThat(run(this.base.resolve("releases/43/app.jar"), "status")).isEqualTo(ExitStatus.NOT_RUNNING);
	}

	@Test
	void whileAnUpgradeRunsTheMasterThatIsReplacedIsTheOneToTalkTo() throws IOException {
		long replaced = ProcessHandle.current().pid();
		long successor = ProcessHandle.current().parent().orElseThrow().pid();
		master(replaced, JAR, answering(ControlMessage.STATUS, value(status(null))));
		AnsweringMaster newMaster = AnsweringMaster.start(this.base, (request) -> Map.of());
		this.masters.add(newMaster);
		newMaster.publish(new MasterInfo(successor, ClusterBootVersion.get(), ControlServer.PROTOCOL, JAR.toString(),
				"127.0.0.1:8080", Instant.now(), replaced, null));
		assertThat(run("status")).isEqualTo(ExitStatus.OK);
		assertThat(out()).startsWith("Master pid " + replaced + " ");
		assertThat(err()).isEqualTo("Note: master pid " + successor + " replaces master pid " + replaced
				+ " (an upgrade runs); talking to pid " + replaced + " (choose with --pid)\n");
	}

	@Test
	void severalMastersOfTheJarNeedAPid() throws IOException {
		master(ProcessHandle.current().pid(), JAR, answering(ControlMessage.STATUS, value(status(null))));
		master(ProcessHandle.current().pid(), JAR, answering(ControlMessage.STATUS, value(status(null))));
		assertThat(run("status")).isEqualTo(ExitStatus.USAGE);
		assertThat(err()).contains("Several masters run " + JAR + ": pids ").endsWith("; choose one with --pid\n");
	}

	@Test
	void masterOfAnotherProtocolIsNotContactedAndBothVersionsAreNamed() throws IOException {
		AnsweringMaster master = AnsweringMaster.start(this.base, (request) -> Map.of());
		this.masters.add(master);
		master.publish(new MasterInfo(ProcessHandle.current().pid(), "9.0.0", ControlServer.PROTOCOL + 1,
				JAR.toString(), "127.0.0.1:8080", Instant.now(), null, null));
		assertThat(run("status")).isEqualTo(ExitStatus.INCOMPATIBLE);
		assertThat(err()).startsWith("The master (pid " + ProcessHandle.current().pid()
				+ ") runs ClusterBoot 9.0.0 (control protocol " + (ControlServer.PROTOCOL + 1) + "); this command is "
				+ "ClusterBoot " + ClusterBootVersion.get());
	}

	@Test
	void masterThatDoesNotAnswerFailsTheCommandAtTheDeadline() throws IOException {
		AnsweringMaster master = AnsweringMaster.silent(this.base);
		this.masters.add(master);
		master.publish(info(ProcessHandle.current().pid(), JAR));
		assertThat(run("status")).isEqualTo(ExitStatus.FAILED);
		assertThat(err()).isEqualTo("The master (pid " + ProcessHandle.current().pid() + ") did not answer within 1s\n");
	}

	@Test
	void wrongCommandLinesExitWithTwoAndPrintTheUsage() {
		assertThat(run()).isEqualTo(ExitStatus.USAGE);
		assertThat(err()).startsWith("Usage error: No command given\nUsage: java -Djarmode=cluster -jar");
		assertUsageError("Usage error: Unknown command 'restart'", "restart");
		assertUsageError("Usage error: Unknown option '--force'", "stop", "--force");
		assertUsageError("Usage error: scale takes a number, got 'many'", "scale", "many");
		assertUsageError("Usage error: scale takes a number from 1 to 2147483647, got 0", "scale", "0");
		assertUsageError("Usage error: 'scale' takes the number of workers", "scale");
		assertUsageError("Usage error: --wait does not apply to 'status'", "status", "--wait");
		assertUsageError("Usage error: --pid takes a number, got nothing", "status", "--pid");
	}

	@Test
	void helpPrintsTheUsage() {
		assertThat(run("help")).isEqualTo(ExitStatus.OK);
		assertThat(out()).isEqualTo(ControlCommand.USAGE);
	}

	private void assertUsageError(String message, String... args) {
		this.err.reset();
		assertThat(run(args)).isEqualTo(ExitStatus.USAGE);
		assertThat(err()).startsWith(message + "\n");
	}

	private ExitStatus run(String... args) {
		return run(JAR, args);
	}

	private ExitStatus run(Path jar, String... args) {
		return new ControlCommand(this.base, jar, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8), Duration.ofSeconds(1))
			.run(List.of(args));
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	private void master(long pid, Path jar, Function<ControlMessage, Map<String, Object>> answers) throws IOException {
		AnsweringMaster master = AnsweringMaster.start(this.base, answers);
		this.masters.add(master);
		master.publish(info(pid, jar));
	}

	/**
	 * Starts a master that an upgrade replaces: it starts the upgrade, reports its new
	 * master once, and goes away at the next request, as it does once its workers drained.
	 * The new master describes itself when the upgrade reports it, if there is one.
	 */
	private void replacedMaster(AnsweringMaster newMaster) throws IOException {
		AtomicReference<AnsweringMaster> self = new AtomicReference<>();
		AtomicInteger statuses = new AtomicInteger();
		master(REPLACED, JAR, (request) -> {
			if (request.type().equals(ControlMessage.UPGRADE)) {
				return value(upgrade(UpgradeState.RUNNING, null, null));
			}
			try {
				if (statuses.incrementAndGet() == 1) {
					if (newMaster != null) {
						newMaster.publish(new MasterInfo(SUCCESSOR, ClusterBootVersion.get(), ControlServer.PROTOCOL,
								JAR.toString(), "127.0.0.1:8080", Instant.now(), REPLACED, null));
					}
					return value(status(null, upgrade(UpgradeState.RUNNING, SUCCESSOR, null)));
				}
				self.get().close();
				return Map.of();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		self.set(this.masters.get(this.masters.size() - 1));
	}

	private AnsweringMaster newMaster(Function<ControlMessage, Map<String, Object>> answers) throws IOException {
		AnsweringMaster master = AnsweringMaster.start(this.base, answers);
		this.masters.add(master);
		return master;
	}

	private static MasterInfo info(long pid, Path jar) {
		return new MasterInfo(pid, ClusterBootVersion.get(), ControlServer.PROTOCOL, jar.toString(), "127.0.0.1:8080",
				Instant.now(), null, jar.toString());
	}

	private static Function<ControlMessage, Map<String, Object>> answering(String type, Map<String, Object> body) {
		return (request) -> request.type().equals(type) ? body : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> value(Object body) {
		return (Map<String, Object>) ControlRecords.toValue(body);
	}

	private static ClusterStatus.Reload reload(ReloadState state, int replaced, String error) {
		boolean running = state == ReloadState.RUNNING;
		return new ClusterStatus.Reload("1", state, running ? "REPLACING" : null, 2,
				Instant.parse("2026-12-03T10:05:00Z"), running ? null : Instant.parse("2026-12-03T10:05:09Z"),
				new ClusterStatus.Progress(replaced, 2, running ? 2 : 0), error);
	}

	private static ClusterStatus.Upgrade upgrade(UpgradeState state, Long pid, String error) {
		return new ClusterStatus.Upgrade(1, state, pid, Instant.parse("2026-12-03T10:05:00Z"),
				(state == UpgradeState.RUNNING) ? null : Instant.parse("2026-12-03T10:05:09Z"), error);
	}

	private static ClusterStatus successorStatus(Long takingOverFrom, boolean stopping) {
		ClusterStatus status = status(null);
		ClusterStatus.Master master = status.master();
		return new ClusterStatus(new ClusterStatus.Master(SUCCESSOR, master.uptime(), master.address(),
				master.managementAddress(), master.socketMode(), null, 1, stopping, null, takingOverFrom),
				status.workers(), null, status.reloads(), status.slots(), status.processes(), status.bootCache(),
				status.settings(), null, null);
	}

	private static ClusterStatus status(ClusterStatus.Reload reload) {
		return status(reload, null);
	}

	private static ClusterStatus status(ClusterStatus.Reload reload, ClusterStatus.Upgrade upgrade) {
		return status(reload, upgrade, null);
	}

	private static ClusterStatus status(ClusterStatus.Reload reload, ClusterStatus.Upgrade upgrade,
			String firstDebugAddress) {
		return new ClusterStatus(
				new ClusterStatus.Master(ProcessHandle.current().pid(), Duration.ofSeconds(303), "127.0.0.1:8080",
						"127.0.0.1:8081", "SHARED", null, 1, false, 2001L, null),
				new ClusterStatus.Workers(2, 2, 2, 0, 8, 1), reload, new ClusterStatus.Reloads(0, 0, 0, 0),
				List.of(new ClusterStatus.Slot(1, 1, SlotState.OK, 1, null, null, List.of()),
						new ClusterStatus.Slot(2, 1, SlotState.OK, 0, null, null, List.of())),
				List.of(new ClusterStatus.Worker(1, 1, 2001, 1, WorkerState.READY, Duration.ofSeconds(301), 1, null,
						Instant.parse("2026-12-03T10:05:00Z"), 200L * 1024 * 1024, 80L * 1024 * 1024, 1.5, 7L, 1200L,
						true, new ClusterStatus.RequestThreads(4, 4, true), firstDebugAddress),
						new ClusterStatus.Worker(2, 2, 2002, 1, WorkerState.READY, Duration.ofSeconds(45), 0, null, null,
								null, null, null, null, null, null, null, null)),
				new ClusterStatus.BootCache(BootCacheState.READY, null, "AOT", "/tmp/cache"),
				new ClusterStatus.Settings(1, 2, 8, 2, Duration.ofSeconds(60), Duration.ofSeconds(10),
						Duration.ofSeconds(30), 1, 0, List.of("-Xmx256m")),
				upgrade, new ClusterStatus.Sessions(1200, 3 * 1024 * 1024, 128L * 1024 * 1024, 1024 * 1024, 4, 30, 1));
	}

}
