package io.clusterboot.internal.session;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.session.SessionProtocol.Numbered;
import io.clusterboot.internal.session.SessionReply.Found;
import io.clusterboot.internal.session.SessionReply.Rejected;
import io.clusterboot.internal.session.SessionReply.Welcome;
import io.clusterboot.internal.session.SessionRequest.Find;
import io.clusterboot.internal.session.SessionRequest.Hello;
import io.clusterboot.internal.session.SessionRequest.Save;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SessionServer} and {@link SessionClient} over a real Unix domain
 * socket.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
@ExtendWith(OutputCaptureExtension.class)
class SessionServerTests {

	private static final String TOKEN = "the-token";

	@TempDir
	Path directory;

	private final SessionStore store = new SessionStore(10_000_000, 100_000);

	private SessionServer server;

	private final List<SessionClient> clients = new ArrayList<>();

	@BeforeEach
	void startServer() throws IOException {
		this.server = SessionServer.start(this.directory, TOKEN, this.store, null, Duration.ofMillis(500));
	}

	@AfterEach
	void stop() throws IOException {
		this.clients.forEach(SessionClient::close);
		this.server.close();
	}

	@Test
	void serverShouldListenBesideTheControlSocketAndRemoveItsSocketWhenClosed() throws IOException {
		assertThat(this.server.socketPath()).isEqualTo(this.directory.resolve("sessions.sock")).exists();
		this.server.close();
		assertThat(this.server.socketPath()).doesNotExist();
	}

	@Test
	void sessionSavedByOneWorkerShouldBeFoundByAnother() {
		SessionClient first = client(TOKEN);
		SessionClient second = client(TOKEN);
		SessionStoreTests.save(first, SessionStoreTests.created("a", Map.of("user", SessionStoreTests.bytes(50_000)))).join();
		StoredSession found = second.find("a").join();
		assertThat(found.attributes().get("user")).hasSize(50_000);
		second.delete("a").join();
		assertThat(first.find("a").join()).isNull();
	}

	@Test
	void saveWrittenWithoutConfirmationShouldBeFoundByTheNextFindOfAnyWorker() {
		SessionClient first = client(TOKEN);
		SessionClient second = client(TOKEN);
		SessionStoreTests.save(first, SessionStoreTests.created("a", Map.of())).join();
		for (int i = 1; i <= 300; i++) {
			SessionClient writer = (i % 2 == 0) ? first : second;
			SessionClient reader = (i % 2 == 0) ? second : first;
			SessionChange change = SessionStoreTests.change("a", Map.of("visits", new byte[i]), Set.of());
			SessionStoreTests.save(writer, change).join();
			assertThat(reader.find("a").join().attributes().get("visits")).as("visit %d", i).hasSize(i);
		}
	}

	@Test
	void stopShouldTakeEverySaveWrittenBeforeItEvenByAWorkerThatIsGone() {
		SessionClient worker = client(TOKEN);
		for (int i = 0; i < 100; i++) {
			SessionStoreTests.save(worker, SessionStoreTests.created("s-" + i, Map.of())).join();
		}
		worker.close();
		assertThat(this.server.stopServing()).hasSize(100);
		assertThat(client(TOKEN).find("s-1").join()).as("moved").isNull();
	}

	@Test
	void stopShouldBeTakenAtOnceWhenTheServerIdles() {
		SessionClient worker = client(TOKEN);
		SessionStoreTests.save(worker, SessionStoreTests.created("a", Map.of())).join();
		assertThat(worker.find("a").join()).isNotNull();
		assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), this.server::stopServing)).hasSize(1);
	}

	@Test
	void saveShouldBeAnsweredOnlyIfTheWorkerAsksForAConfirmation() throws IOException {
		try (SocketChannel raw = connect()) {
			send(raw, SessionProtocol.encode(1, new Hello(SessionProtocol.VERSION, TOKEN)));
			assertThat(reply(raw)).isEqualTo(new Welcome(100_000, false));
			send(raw, SessionProtocol.encode(2, new Save(SessionStoreTests.created("a", Map.of()), false)));
			send(raw, SessionProtocol.encode(3, new Save(SessionStoreTests.created("b", Map.of()), true)));
			send(raw, SessionProtocol.encode(4, new Find("a")));
			FrameChannel replies = new FrameChannel(raw);
			assertThat(SessionProtocol.decodeReply(replies.read(1024)).id()).isEqualTo(3);
			Numbered<SessionReply> found = SessionProtocol.decodeReply(replies.read(1024));
			assertThat(found.id()).isEqualTo(4);
			assertThat(found.message()).isInstanceOf(Found.class);
		}
	}

	@Test
	void saveRefusedWithoutConfirmationShouldBeLoggedByTheWorker(CapturedOutput output) {
		SessionClient client = client(TOKEN);
		SessionChange change = SessionStoreTests.created("a", Map.of("cart", new byte[100_500]));
		client.save(change, 1).join();
		await().untilAsserted(() -> assertThat(output).contains("The cluster's session store refused a save that "
				+ "would have made a session of 1005").contains("larger than it keeps (100000 bytes"));
		assertThat(client.find("a").join()).isNull();
		assertThat(this.store.statistics().rejected()).isOne();
	}

	@Test
	void saveOfASessionLargerThanTheLimitShouldFailNamingSizeLimitAndProperty() {
		SessionClient client = client(TOKEN);
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> SessionStoreTests.save(client, SessionStoreTests.created("a", Map.of("cart", new byte[150_000]))).join())
			.havingCause()
			.isInstanceOf(SessionStoreException.class)
			.withMessageContaining("The session (1500")
			.withMessageContaining("is larger than the cluster's session store keeps: 100000 bytes "
					+ "(cluster.sessions.max-session-size); it keeps the session as it was");
	}

	@Test
	void changeLargerThanAFrameShouldFailWithoutReachingTheMaster() {
		SessionClient client = client(TOKEN);
		client.find("warm-up").join();
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> SessionStoreTests.save(client, SessionStoreTests.created("a", Map.of("cart", new byte[200_000]))).join())
			.havingCause()
			.withMessageContaining("(cluster.sessions.max-session-size)");
		assertThat(this.store.statistics().rejected()).isZero();
	}

	@Test
	void workerWithAWrongTokenShouldBeRefusedAndOthersServed(CapturedOutput output) {
		SessionClient good = client(TOKEN);
		SessionStoreTests.save(good, SessionStoreTests.created("a", Map.of())).join();
		SessionClient intruder = client("guess");
		assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> intruder.find("a").join())
			.havingCause()
			.isInstanceOf(SessionStoreException.class)
			.withMessage("The cluster's session store refused this worker: no valid token in its hello");
		assertThat(output).containsPattern("Rejected session store connection \\d+: no valid token in its hello")
			.contains(": no valid token in its hello");
		assertThat(good.find("a").join()).isNotNull();
	}

	@Test
	void firstRequestOtherThanAHelloShouldBeRefused(CapturedOutput output) throws IOException {
		try (SocketChannel raw = connect()) {
			send(raw, SessionProtocol.encode(1, new Find("a")));
			assertThat(reply(raw)).isEqualTo(new Rejected("its first request is not a hello"));
			assertClosed(raw);
		}
		assertThat(output).contains("its first request is not a hello");
	}

	@Test
	void workerOfAnotherProtocolShouldBeToldBothVersions() throws IOException {
		try (SocketChannel raw = connect()) {
			send(raw, SessionProtocol.encode(1, new Hello(99, TOKEN)));
			assertThat(reply(raw))
				.isEqualTo(new Rejected("the master speaks session protocol " + SessionProtocol.VERSION + ", the worker 99"));
		}
	}

	@Test
	void oversizedHelloShouldCloseTheConnectionBeforeItIsRead(CapturedOutput output) throws IOException {
		try (SocketChannel raw = connect()) {
			send(raw, ByteBuffer.allocate(8).putInt(50_000_000).putInt(0).flip());
			assertClosed(raw);
		}
		await().untilAsserted(() -> assertThat(output).contains("Frame length 50000000 is outside 9..1024"));
	}

	@Test
	void connectionWithoutHelloShouldBeClosedAfterTheTimeout(CapturedOutput output) throws IOException {
		try (SocketChannel raw = connect()) {
			assertClosed(raw);
		}
		await().untilAsserted(() -> assertThat(output).contains(": no hello within 500ms"));
	}

	@Test
	void malformedFrameShouldCloseOnlyItsConnection(CapturedOutput output) throws IOException {
		SessionClient good = client(TOKEN);
		SessionStoreTests.save(good, SessionStoreTests.created("a", Map.of())).join();
		try (SocketChannel raw = connect()) {
			send(raw, SessionProtocol.encode(1, new Hello(SessionProtocol.VERSION, TOKEN)));
			assertThat(reply(raw)).isEqualTo(new Welcome(100_000, false));
			send(raw, ByteBuffer.allocate(13).putInt(9).putLong(2).put((byte) 77).flip());
			assertClosed(raw);
		}
		await().untilAsserted(() -> assertThat(output).contains(": Unknown request type 77"));
		assertThat(good.find("a").join()).isNotNull();
	}

	@Test
	void workerThatDoesNotReadItsRepliesShouldNotHoldUpOthers(CapturedOutput output) throws IOException {
		SessionClient good = client(TOKEN);
		SessionStoreTests.save(good, SessionStoreTests.created("big", Map.of("cart", new byte[90_000]))).join();
		try (SocketChannel raw = connect()) {
			ByteBuffer requests = ByteBuffer.allocate(64 * 1024);
			requests.put(SessionProtocol.encode(1, new Hello(SessionProtocol.VERSION, TOKEN)));
			for (int i = 0; i < 400; i++) {
				// 36 MB of replies that nobody reads: the server closes the connection once 32 MB wait
				requests.put(SessionProtocol.encode(i + 2, new Find("big")));
			}
			send(raw, requests.flip());
			for (int i = 0; i < 100; i++) {
				assertThat(good.find("big").orTimeout(5, TimeUnit.SECONDS).join()).isNotNull();
			}
			await().untilAsserted(() -> assertThat(output).contains(": it does not read its replies ("));
		}
	}

	@Test
	void clientShouldConnectAgainOnceTheMasterIsBack() throws IOException {
		SessionClient client = client(TOKEN);
		SessionStoreTests.save(client, SessionStoreTests.created("a", Map.of())).join();
		this.server.close();
		await().untilAsserted(() -> assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> client.find("a").join())
			.havingCause()
			.isInstanceOf(SessionStoreException.class));
		this.server = SessionServer.start(this.directory, TOKEN, this.store, null);
		assertThat(client.find("a").join()).isNotNull();
	}

	private SessionClient client(String token) {
		SessionClient client = new SessionClient(this.server.socketPath(), token, Duration.ofSeconds(10));
		this.clients.add(client);
		return client;
	}

	private SocketChannel connect() throws IOException {
		return SocketChannel.open(UnixDomainSocketAddress.of(this.server.socketPath()));
	}

	static void send(SocketChannel channel, ByteBuffer frame) throws IOException {
		while (frame.hasRemaining()) {
			channel.write(frame);
		}
	}

	static SessionReply reply(SocketChannel channel) throws IOException {
		return SessionProtocol.decodeReply(new FrameChannel(channel).read(1024)).message();
	}

	private static void assertClosed(SocketChannel channel) throws IOException {
		assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
	}

}
