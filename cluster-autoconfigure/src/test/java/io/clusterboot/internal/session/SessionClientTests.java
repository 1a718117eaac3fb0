package io.clusterboot.internal.session;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.session.SessionProtocol.Numbered;
import io.clusterboot.internal.session.SessionReply.Welcome;
import io.clusterboot.internal.session.SessionRequest.Hello;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SessionClient} against a master that does not answer, over a real
 * Unix domain socket.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class SessionClientTests {

	@TempDir
	Path directory;

	private ServerSocketChannel master;

	private SessionClient client;

	@BeforeEach
	void listen() throws IOException {
		Path socket = this.directory.resolve("sessions.sock");
		this.master = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
	}

	@AfterEach
	void close() throws IOException {
		if (this.client != null) {
			this.client.close();
		}
		this.master.close();
	}

	@Test
	void requestWithoutReplyShouldFailAfterTheTimeout() throws IOException {
		this.client = new SessionClient(this.directory.resolve("sessions.sock"), "t", Duration.ofMillis(300));
		CompletableFuture<StoredSession> find = this.client.find("a");
		try (SocketChannel worker = welcome()) {
			assertThatExceptionOfType(CompletionException.class).isThrownBy(find::join)
				.havingCause()
				.isInstanceOf(SessionStoreException.class)
				.withMessage("The cluster's session store (the master) did not answer within 300ms");
		}
	}

	@Test
	void masterThatDoesNotAnswerTheHelloShouldBeLeftForANewConnection() throws IOException {
		this.client = new SessionClient(this.directory.resolve("sessions.sock"), "t", Duration.ofMillis(300));
		CompletableFuture<StoredSession> first = this.client.find("a");
		try (SocketChannel silent = this.master.accept()) {
			assertThatExceptionOfType(CompletionException.class).isThrownBy(first::join)
				.havingCause()
				.isInstanceOf(SessionStoreException.class)
				.withMessage("The cluster's session store (the master) did not answer this worker's hello within 300ms");
			CompletableFuture<StoredSession> second = this.client.find("a");
			try (SocketChannel worker = welcome()) {
				assertThatExceptionOfType(CompletionException.class).isThrownBy(second::join)
					.havingCause()
					.withMessage("The cluster's session store (the master) did not answer within 300ms");
			}
		}
	}

	@Test
	void connectionLostShouldFailPendingRequestsAtOnce() throws IOException {
		this.client = new SessionClient(this.directory.resolve("sessions.sock"), "t", Duration.ofMinutes(1));
		CompletableFuture<StoredSession> find = this.client.find("a");
		CompletableFuture<Void> delete = this.client.delete("a");
		try (SocketChannel worker = welcome()) {
			assertThat(find).isNotDone();
			worker.close();
			for (CompletableFuture<?> request : List.of(find, delete)) {
				assertThatExceptionOfType(CompletionException.class)
					.isThrownBy(() -> request.orTimeout(10, TimeUnit.SECONDS).join())
					.havingCause()
					.isInstanceOf(SessionStoreException.class)
					.withMessageStartingWith("Lost the connection to the cluster's session store (the master): ");
			}
		}
	}

	@Test
	void requestShouldFailAtOnceWhenNoMasterListens() throws IOException {
		this.master.close();
		this.client = new SessionClient(this.directory.resolve("nothing.sock"), "t", Duration.ofMinutes(1));
		assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> this.client.find("a").join())
			.havingCause()
			.isInstanceOf(SessionStoreException.class)
			.withMessageStartingWith("Cannot connect to the cluster's session store at ");
	}

	@Test
	void closedClientShouldRefuseRequests() {
		this.client = new SessionClient(this.directory.resolve("sessions.sock"), "t", Duration.ofMinutes(1));
		this.client.close();
		assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> this.client.delete("a").join())
			.havingCause()
			.withMessage("The session store client is closed");
	}

	/**
	 * Accepts the client's connection and answers its hello, then nothing more.
	 */
	private SocketChannel welcome() throws IOException {
		SocketChannel worker = this.master.accept();
		FrameChannel channel = new FrameChannel(worker);
		Numbered<SessionRequest> hello = SessionProtocol.decodeRequest(channel.read(SessionProtocol.MAX_HELLO_BYTES));
		assertThat(hello.message()).isInstanceOf(Hello.class);
		channel.write(List.of(SessionProtocol.encode(hello.id(), new Welcome(1000, false))));
		return worker;
	}

}
