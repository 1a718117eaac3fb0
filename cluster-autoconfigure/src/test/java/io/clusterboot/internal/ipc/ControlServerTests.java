package io.clusterboot.internal.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.support.ClusterBootVersion;
import io.clusterboot.internal.net.DescriptorServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ControlServer} and {@link ControlClient} over a real Unix domain
 * socket.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class ControlServerTests {

	private final RecordingHandler received = new RecordingHandler();

	private ControlServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = ControlServer.start(this.received);
	}

	@AfterEach
	void stopServer() throws IOException {
		this.server.close();
	}

	@Test
	void startShouldListenInPrivateDirectory() throws IOException {
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.server.socketPath().getParent())))
			.isEqualTo("rwx------");
		assertThat(this.server.token()).hasSize(64);
	}

	@Test
	void clientWithTokenShouldExchangeMessagesBothWays() throws Exception {
		BlockingQueue<ControlMessage> fromMaster = new LinkedBlockingQueue<>();
		try (ControlClient client = ControlClient.connect(this.server.socketPath(), this.server.token(), 7,
				fromMaster::add, () -> {
				})) {
			assertThat(next()).isEqualTo("7:hello");
			client.send(ControlMessage.of(ControlMessage.READY, "detail", "x"));
			assertThat(next()).isEqualTo("7:ready");
			assertThat(this.server.send(7, ControlMessage.of("ping", "n", 1))).isTrue();
			ControlMessage ping = fromMaster.poll(10, TimeUnit.SECONDS);
			assertThat(ping).isNotNull();
			assertThat(ping.type()).isEqualTo("ping");
			assertThat(ping.number("n")).isEqualTo(1);
		}
		assertThat(next()).isEqualTo("7:disconnected");
	}

	@Test
	void clientShouldBeToldWhenMasterGoesAway() throws Exception {
		BlockingQueue<String> closed = new LinkedBlockingQueue<>();
		try (ControlClient client = ControlClient.connect(this.server.socketPath(), this.server.token(), 1,
				(message) -> {
				}, () -> closed.add("closed"))) {
			assertThat(next()).isEqualTo("1:hello");
			this.server.close();
			assertThat(closed.poll(10, TimeUnit.SECONDS)).isEqualTo("closed");
		}
	}

	@Test
	void secondHelloOfAWorkerShouldCloseItsFirstConnection() throws Exception {
		BlockingQueue<ControlMessage> toSecond = new LinkedBlockingQueue<>();
		try (ControlClient first = ControlClient.connect(this.server.socketPath(), this.server.token(), 4,
				(message) -> {
				}, () -> {
				})) {
			assertThat(next()).isEqualTo("4:hello");
			try (ControlClient second = ControlClient.connect(this.server.socketPath(), this.server.token(), 4,
					toSecond::add, () -> {
					})) {
				assertThat(next()).isEqualTo("4:hello");
				assertClosedByServer(first);
				assertThat(this.server.send(4, ControlMessage.of("ping"))).isTrue();
				assertThat(toSecond.poll(10, TimeUnit.SECONDS)).extracting(ControlMessage::type).isEqualTo("ping");
			}
		}
		assertThat(next()).as("only the connection in use counts").isEqualTo("4:disconnected");
	}

	@Test
	void helloWithWrongTokenShouldBeRejected() throws Exception {
		try (ControlClient client = ControlClient.connect(this.server.socketPath(), "not-the-token", 3, (message) -> {
		}, () -> {
		})) {
			assertClosedByServer(client);
		}
		assertThat(this.received.isEmpty()).isTrue();
		assertServerStillServes();
	}

	@Test
	void firstMessageOtherThanHelloShouldBeRejected() throws Exception {
		try (SocketChannel channel = connect()) {
			new ControlChannel(channel).write(ControlMessage.of(ControlMessage.READY, "worker", 1));
			assertClosedByServer(channel);
		}
		assertThat(this.received.isEmpty()).isTrue();
		assertServerStillServes();
	}

	@Test
	void malformedMessageShouldDropConnection() throws Exception {
		try (SocketChannel channel = connect()) {
			byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
			channel.write(ByteBuffer.allocate(4 + garbage.length).putInt(garbage.length).put(garbage).flip());
			assertClosedByServer(channel);
		}
		assertThat(this.received.isEmpty()).isTrue();
		assertServerStillServes();
	}

	@Test
	void messageWithoutTypeShouldDropConnection() throws Exception {
		try (SocketChannel channel = connect()) {
			byte[] json = "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8);
			channel.write(ByteBuffer.allocate(4 + json.length).putInt(json.length).put(json).flip());
			assertClosedByServer(channel);
		}
		assertServerStillServes();
	}

	@Test
	void oversizedMessageShouldDropConnectionWithoutReadingIt() throws Exception {
		try (SocketChannel channel = connect()) {
			channel.write(ByteBuffer.allocate(4).putInt(ControlChannel.MAX_MESSAGE_BYTES + 1).flip());
			assertClosedByServer(channel);
		}
		try (SocketChannel channel = connect()) {
			channel.write(ByteBuffer.allocate(4).putInt(-1).flip());
			assertClosedByServer(channel);
		}
		assertThat(this.received.isEmpty()).isTrue();
		assertServerStillServes();
	}

	@Test
	void authenticatedWorkerSendingGarbageShouldBeDisconnected() throws Exception {
		try (SocketChannel channel = connect()) {
			new ControlChannel(channel)
				.write(ControlMessage.of(ControlMessage.HELLO, "token", this.server.token(), "worker", 4));
			assertThat(next()).isEqualTo("4:hello");
			channel.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).flip());
			assertClosedByServer(channel);
		}
		assertThat(next()).isEqualTo("4:disconnected");
		assertServerStillServes();
	}

	@Test
	void workerThatDoesNotReadIsReportedOnceAndNeverBlocksTheSender() throws Exception {
		try (SocketChannel channel = connect()) {
			new ControlChannel(channel)
				.write(ControlMessage.of(ControlMessage.HELLO, "token", this.server.token(), "worker", 5));
			assertThat(next()).isEqualTo("5:hello");
			ControlMessage large = ControlMessage.of("ping", "filler", "x".repeat(4096));
			long started = System.nanoTime();
			int accepted = 0;
			for (int i = 0; i < 10_000; i++) {
				if (this.server.send(5, large)) {
					accepted++;
				}
			}
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			assertThat(accepted).isLessThan(10_000);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.received.contains("5:unreachable"));
			assertThat(next()).isEqualTo("5:unreachable");
			this.server.send(5, large);
			assertThat(this.received.isEmpty()).isTrue();
		}
		assertThat(next()).isEqualTo("5:disconnected");
		assertServerStillServes();
	}

	@Test
	void forwardedMessagesThatAWorkerDoesNotReadAreDroppedAndLeaveRoomForTheMastersOwn() throws Exception {
		try (SocketChannel channel = connect()) {
			new ControlChannel(channel)
				.write(ControlMessage.of(ControlMessage.HELLO, "token", this.server.token(), "worker", 6));
			assertThat(next()).isEqualTo("6:hello");
			ControlMessage large = ControlMessage.of(ControlMessage.MESSAGE, "payload", "x".repeat(4096));
			int forwarded = 0;
			for (int i = 0; i < 10_000; i++) {
				if (this.server.forward(6, large)) {
					forwarded++;
				}
			}
			assertThat(forwarded).isLessThan(10_000);
			for (int i = 0; i < Outbox.OUTBOX_CAPACITY - Outbox.FORWARDED_CAPACITY; i++) {
				assertThat(this.server.send(6, ControlMessage.of("ping"))).as("the master's message %d", i).isTrue();
			}
			assertThat(this.received.isEmpty()).as("not reported unreachable").isTrue();
		}
		assertThat(next()).isEqualTo("6:disconnected");
		assertServerStillServes();
	}

	@Test
	void commandWithTokenIsAnsweredWithTheMastersVersionsAndItsRequestsReachTheHandler() throws Exception {
		try (SocketChannel socket = connect()) {
			ControlChannel channel = new ControlChannel(socket);
			channel.write(ControlMessage.of(ControlMessage.COMMAND, "token", this.server.token(), "pid", 42,
					"protocol", ControlServer.PROTOCOL, ControlMessage.REQUEST_ID, 0));
			ControlMessage accepted = channel.read();
			assertThat(accepted.type()).isEqualTo(ControlMessage.REPLY);
			assertThat(accepted.number(ControlMessage.REQUEST_ID)).isZero();
			assertThat(accepted.values().get("body")).isEqualTo(Map.of("pid",
					Math.toIntExact(ProcessHandle.current().pid()), "version", ClusterBootVersion.get(), "protocol",
					ControlServer.PROTOCOL));
			channel.write(ControlMessage.of(ControlMessage.STATUS, ControlMessage.REQUEST_ID, 1));
			assertThat(next()).isEqualTo("command:status");
		}
		assertServerStillServes();
	}

	@Test
	void commandsPidIsTheOneTheKernelTellsNotTheOneItsHelloNames() throws Exception {
		assumeThat(DescriptorServer.isSupported()).as("64-bit Linux with JNA").isTrue();
		try (SocketChannel socket = connect()) {
			ControlChannel channel = new ControlChannel(socket);
			channel.write(ControlMessage.of(ControlMessage.COMMAND, "token", this.server.token(), "pid", 42,
					"protocol", ControlServer.PROTOCOL, ControlMessage.REQUEST_ID, 0));
			channel.read();
			channel.write(ControlMessage.of(ControlMessage.STATUS, ControlMessage.REQUEST_ID, 1));
			assertThat(this.received.nextCommand().pid()).isEqualTo(ProcessHandle.current().pid());
		}
	}

	@Test
	void connectionOfAnotherUserIsClosedBeforeItsHello() throws Exception {
		assumeThat(DescriptorServer.isSupported()).as("64-bit Linux with JNA").isTrue();
		assumeThat(isRoot()).as("root, to connect as nobody").isTrue();
		assumeThat(Path.of("/usr/bin/python3")).as("a client to run as nobody").isExecutable();
		// let nobody reach the socket: only the check of the peer's user stands in its way
		Files.setPosixFilePermissions(this.server.socketPath().getParent(),
				PosixFilePermissions.fromString("rwx--x--x"));
		Files.setPosixFilePermissions(this.server.socketPath(), PosixFilePermissions.fromString("rwxrwxrwx"));
		Process client = new ProcessBuilder("runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c", """
				import socket, sys
				s = socket.socket(socket.AF_UNIX)
				s.settimeout(5)
				s.connect(sys.argv[1])
				try:
				    print('closed' if s.recv(1) == b'' else 'answered')
				except socket.timeout:
				    print('waits for a hello')
				""", this.server.socketPath().toString()).redirectErrorStream(true).start();
		assertThat(client.waitFor(20, TimeUnit.SECONDS)).isTrue();
		assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("closed\n");
		assertServerStillServes();
	}

	@Test
	void commandWithWrongTokenIsClosedWithoutAnAnswer() throws Exception {
		try (SocketChannel socket = connect()) {
			new ControlChannel(socket).write(ControlMessage.of(ControlMessage.COMMAND, "token", "guess", "protocol",
					ControlServer.PROTOCOL));
			assertClosedByServer(socket);
		}
		assertThat(this.received.isEmpty()).isTrue();
		assertServerStillServes();
	}

	@Test
	void commandOfAnotherProtocolIsRejectedWithBothVersions() throws Exception {
		try (SocketChannel socket = connect()) {
			ControlChannel channel = new ControlChannel(socket);
			channel.write(ControlMessage.of(ControlMessage.COMMAND, "token", this.server.token(), "version", "9.0.0",
					"protocol", ControlServer.PROTOCOL + 1));
			ControlMessage rejected = channel.read();
			assertThat(rejected.values().get("body")).isEqualTo(Map.of(ControlMessage.REJECTED,
					"The master runs ClusterBoot " + ClusterBootVersion.get() + " (control protocol "
							+ ControlServer.PROTOCOL + "); the command runs 9.0.0 (control protocol "
							+ (ControlServer.PROTOCOL + 1) + ")"));
			assertClosedByServer(socket);
		}
		assertThat(this.received.isEmpty()).isTrue();
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private void assertServerStillServes() throws Exception {
		try (ControlClient client = ControlClient.connect(this.server.socketPath(), this.server.token(), 99,
				(message) -> {
				}, () -> {
				})) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.received.contains("99:hello"));
		}
	}

	private SocketChannel connect() throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(this.server.socketPath()));
		return channel;
	}

	private static void assertClosedByServer(SocketChannel channel) throws IOException {
		assertThat(channel.read(ByteBuffer.allocate(16))).isEqualTo(-1);
	}

	private static void assertClosedByServer(ControlClient client) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			try {
				client.send(ControlMessage.of("probe"));
				client.send(ControlMessage.of("probe"));
				assertThat(false).as("connection still open").isTrue();
			}
			catch (IOException ex) {
				// closed by the server, as expected
			}
		});
	}

	private String next() throws InterruptedException {
		return this.received.next();
	}

}
