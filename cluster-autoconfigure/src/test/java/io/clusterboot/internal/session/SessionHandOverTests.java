package io.clusterboot.internal.session;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.session.SessionRequest.HandOver;
import io.clusterboot.internal.session.SessionRequest.Hello;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of how the sessions move from a master to the one that replaces it in an
 * upgrade ({@link PredecessorSessions}, {@link SessionServer#handOver}), and to the next
 * master of the application through the file ({@link MasterSessions}): two session
 * servers on real sockets, each with its own store and workers.
 *
 * @author ClusterBoot team
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionHandOverTests {

	private static final String OLD_TOKEN = "old-token";

	private static final String NEW_TOKEN = "new-token";

	private static final Instant NOW = Instant.now();

	@TempDir
	private Path directory;

	private final SessionStore oldStore = new SessionStore(10_000_000, 100_000);

	private final SessionStore newStore = new SessionStore(10_000_000, 100_000);

	private SessionServer oldMaster;

	private SessionServer newMaster;

	private SessionClient oldWorker;

	private SessionClient newWorker;

	@BeforeEach
	void startOldMaster() throws IOException {
		this.oldMaster = SessionServer.start(Files.createDirectory(this.directory.resolve("old")), OLD_TOKEN,
				this.oldStore, null);
		this.oldWorker = new SessionClient(this.oldMaster.socketPath(), OLD_TOKEN, Duration.ofSeconds(5));
	}

	@AfterEach
	void stop() throws IOException {
		for (SessionClient client : new SessionClient[] { this.oldWorker, this.newWorker }) {
			if (client != null) {
				client.close();
			}
		}
		for (SessionServer server : new SessionServer[] { this.oldMaster, this.newMaster }) {
			if (server != null) {
				server.close();
			}
		}
	}

	@Test
	void sessionsShouldHaveOneStoreAtATimeAcrossAnUpgrade(CapturedOutput output) throws IOException {
		SessionStoreTests.save(this.oldWorker, created("a", "cart", 10)).join();
		startNewMaster(output);
		assertThat(this.newWorker.find("a").join()).isNotNull();
		SessionStoreTests.save(this.newWorker, change("a", "user", 20)).join();
		SessionStoreTests.save(this.oldWorker, change("a", "cart", 30)).join();
		SessionStoreTests.save(this.oldWorker, created("b", "cart", 40)).join();
		assertThat(this.oldWorker.find("a").join().attributes()).containsOnlyKeys("cart", "user");
		assertThat(this.newStore.snapshot()).isEmpty();

		assertThat(this.oldMaster.handOver(this.oldMaster.stopServing())).isTrue();

		assertThat(this.newStore.snapshot()).extracting(StoredSession::id).containsExactlyInAnyOrder("a", "b");
		assertThat(this.newStore.find("a").attributes().get("cart")).hasSize(30);
		assertThat(this.newStore.find("a").attributes().get("user")).hasSize(20);
		assertThat(output).contains("Handed 2 session(s) over to the master that replaces this one")
			.contains("Took over 2 session(s) from the master this one replaced");
		SessionStoreTests.save(this.newWorker, change("b", "user", 50)).join();
		assertThat(this.newWorker.find("b").join().attributes()).containsOnlyKeys("cart", "user");
		assertThat(this.oldStore.find("b").attributes()).containsOnlyKeys("cart");
		assertThat(this.oldWorker.find("a").join()).as("the old master answers 'moved'").isNull();
	}

	@Test
	void upgradeThatFailedShouldLeaveTheSessionsWithTheOldMaster(CapturedOutput output) throws IOException {
		SessionStoreTests.save(this.oldWorker, created("a", "cart", 10)).join();
		try (SocketChannel newMasterThatDies = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			newMasterThatDies.connect(UnixDomainSocketAddress.of(this.oldMaster.socketPath()));
			SessionServerTests.send(newMasterThatDies, SessionProtocol.encode(0, new Hello(SessionProtocol.VERSION,
					OLD_TOKEN)));
			SessionServerTests.send(newMasterThatDies, SessionProtocol.encode(1, new HandOver()));
			awaitAskedForTheSessions(output);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.oldMaster.handOver(List.of()));
		SessionStoreTests.save(this.oldWorker, change("a", "user", 20)).join();
		assertThat(this.oldWorker.find("a").join().attributes()).containsOnlyKeys("cart", "user");
	}

	@Test
	void oldMasterThatDiesShouldLeaveTheNewMasterWithItsOwnStore(CapturedOutput output) throws IOException {
		SessionStoreTests.save(this.oldWorker, created("a", "cart", 10)).join();
		startNewMaster(output);
		this.oldMaster.close();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.toString().contains("did not hand its sessions over"));
		assertThat(this.newWorker.find("a").join()).isNull();
		SessionStoreTests.save(this.newWorker, created("c", "cart", 10)).join();
		assertThat(this.newWorker.find("c").join()).isNotNull();
	}

	@Test
	void oldMasterWithoutSessionsShouldLeaveTheNewMasterWithItsOwnStore(CapturedOutput output) throws IOException {
		PredecessorSessions none = PredecessorSessions.start(this.directory.resolve("none.sock"), OLD_TOKEN,
				Duration.ofSeconds(5), this.newStore);
		assertThat(none).isNull();
		assertThat(output).contains("The master this one replaces keeps no sessions");
	}

	@Test
	void stoppedMasterShouldKeepItsSessionsForTheNextMasterOfTheApplication(CapturedOutput output)
			throws IOException {
		SessionFile file = SessionFile.of(this.directory.resolve("state"), "/srv/shop/shop.jar");
		Path first = Files.createDirectory(this.directory.resolve("first"));
		try (MasterSessions sessions = MasterSessions.start(new SessionStore(10_000_000, 100_000), file, first,
				NEW_TOKEN, null); SessionClient worker = new SessionClient(sessions.socketPath(), NEW_TOKEN,
						Duration.ofSeconds(5))) {
			SessionStoreTests.save(worker, created("a", "cart", 10)).join();
		}
		assertThat(output).contains("Kept 1 session(s) in " + file.path());
		Path second = Files.createDirectory(this.directory.resolve("second"));
		SessionStore restored = new SessionStore(10_000_000, 100_000);
		try (MasterSessions sessions = MasterSessions.start(restored, file, second, NEW_TOKEN, null);
				SessionClient worker = new SessionClient(sessions.socketPath(), NEW_TOKEN, Duration.ofSeconds(5))) {
			assertThat(worker.find("a").join().attributes()).containsOnlyKeys("cart");
			assertThat(restored.statistics().count()).isOne();
		}
	}

	private void startNewMaster(CapturedOutput output) throws IOException {
		PredecessorSessions predecessor = PredecessorSessions.start(this.oldMaster.socketPath(), OLD_TOKEN,
				Duration.ofSeconds(5), this.newStore);
		this.newMaster = SessionServer.start(Files.createDirectory(this.directory.resolve("new")), NEW_TOKEN,
				this.newStore, predecessor);
		this.newWorker = new SessionClient(this.newMaster.socketPath(), NEW_TOKEN, Duration.ofSeconds(5));
		awaitAskedForTheSessions(output);
	}

	private static void awaitAskedForTheSessions(CapturedOutput output) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.toString().contains("The master that replaces this one asked for the sessions"));
	}

	private static SessionChange created(String id, String attribute, int bytes) {
		return new SessionChange(id, null, true, NOW, NOW, Duration.ofMinutes(30), Map.of(attribute, new byte[bytes]),
				Set.of());
	}

	private static SessionChange change(String id, String attribute, int bytes) {
		return new SessionChange(id, null, false, NOW, NOW, Duration.ofMinutes(30), Map.of(attribute, new byte[bytes]),
				Set.of());
	}

}
