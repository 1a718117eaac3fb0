package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS ({@code server.ssl.*}) and HTTP/2 ({@code server.http2.enabled}) on the shared
 * socket, on Tomcat, Jetty and Reactor Netty: a rolling reload under a closed-loop load
 * of HTTP/2 and HTTP/1.1 clients over TLS loses no request, and every HTTP/2 client was
 * answered over HTTP/2 (issue 14, item 5).
 * <p>
 * A retiring worker ends its HTTP/2 connections with {@code GOAWAY}, which names the last
 * stream it takes; a client sends the streams it began after that one again, on a new
 * connection. The JDK's HttpClient does so from Java 24 on (JDK-8335181), once; before, it
 * fails them, so on older JDKs the load is HTTP/1.1 only and HTTP/2 is checked before and
 * after the reload. A request the server refused unprocessed a second time (Jetty refuses
 * new streams once its sessions shut down) is sent again on a new connection, as RFC 9113
 * (section 8.7) allows, and counted; any other failure fails the test.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TlsIT {

	private static final String PASSWORD = "cluster-tls";

	private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");

	private static final Duration RELOADED = Duration.ofMinutes(2);

	/** Whether this JDK's HttpClient sends the streams a {@code GOAWAY} left out again. */
	private static final boolean RETRIES_UNPROCESSED_STREAMS = Runtime.version().feature() >= 24;

	@TempDir
	static Path directory;

	private static Path keyStore;

	private static SSLContext trusting;

	/** A self-signed key for 127.0.0.1, made with the JDK's keytool, and a client that trusts it. */
	@BeforeAll
	static void makeKey() throws Exception {
		keyStore = directory.resolve("server.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
				"-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
				"-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		try {
			assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
			assertThat(keytool.exitValue()).as("keytool: %s", new String(keytool.getInputStream().readAllBytes()))
				.isZero();
		}
		finally {
			keytool.destroyForcibly();
		}
		KeyStore server = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			server.load(in, PASSWORD.toCharArray());
		}
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("server", server.getCertificate("server"));
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		trusting = SSLContext.getInstance("TLS");
		trusting.init(null, trust.getTrustManagers(), null);
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(DemoServer.class)
	void reloadOverHttpsAndHttp2LosesNoRequest(DemoServer server, TestInfo testInfo) throws Exception {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.jar(server.jar())
			.workers(2)
			.property("server.ssl.key-store", "file:" + keyStore)
			.property("server.ssl.key-store-password", PASSWORD)
			.property("server.http2.enabled", "true")
			.property("cluster.process-kill-timeout", "10s")
			.start()) {
			Set<Long> first = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			assertThat(http2(cluster.port())).as("an HTTP/2 request before the reload").isEqualTo(HttpClient.Version.HTTP_2);
			try (TlsLoad load = new TlsLoad(cluster.port(), RETRIES_UNPROCESSED_STREAMS ? 3 : 0, 3)) {
				Waits.until("the workers answering over TLS", Duration.ofSeconds(30),
						() -> first.stream().anyMatch(load.pids()::contains), () -> " " + load + cluster.describe());
				cluster.signalMaster(Signal.HUP);
				cluster.awaitOutput(Pattern.quote("Reload 1 (generation 2) succeeded"), RELOADED);
				Set<Long> second = cluster.awaitReadyWorkers(2, Duration.ofSeconds(10));
				// a client keeps its connection, so not every new worker need answer one
				Waits.until("a new worker answering over TLS", Duration.ofSeconds(30),
						() -> second.stream().anyMatch(load.pids()::contains), () -> " " + load + cluster.describe());
				load.stop();
				cluster.note("TLS load: " + load);
				assertThat(load.failures()).as("failed requests: %s%s", load, cluster.describe()).isEmpty();
				assertThat(load.successes()).as("answered requests: %s", load).isPositive();
				if (RETRIES_UNPROCESSED_STREAMS) {
					assertThat(load.versionsOf(HttpClient.Version.HTTP_2)).as("versions of the HTTP/2 clients' answers")
						.containsOnly(HttpClient.Version.HTTP_2);
				}
				assertThat(load.versionsOf(HttpClient.Version.HTTP_1_1)).as("versions of the HTTP/1.1 clients' answers")
					.containsOnly(HttpClient.Version.HTTP_1_1);
			}
			assertThat(http2(cluster.port())).as("an HTTP/2 request after the reload").isEqualTo(HttpClient.Version.HTTP_2);
		}
	}

	/** Sends one request over HTTP/2 and returns the version of the answer. */
	private static HttpClient.Version http2(int port) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_2).build();
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
				+ "/hello")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("status of %s", response).isEqualTo(200);
		return response.version();
	}

	/**
	 * Clients that each send one request after the other over TLS, until stopped or for
	 * two minutes at most: some over HTTP/2 (one connection each, streams multiplexed), some
	 * over HTTP/1.1 with keep-alive.
	 */
	private static final class TlsLoad implements AutoCloseable {

		private static final Duration MAX_DURATION = Duration.ofMinutes(2);

		/** What the JDK's HttpClient says of a stream the server refused or left out of its GOAWAY. */
		private static final String UNPROCESSED = "request not processed by peer";

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong successes = new AtomicLong();

		private final AtomicLong resentUnprocessed = new AtomicLong();

		private final List<String> failures = new CopyOnWriteArrayList<>();

		private final Set<Long> pids = ConcurrentHashMap.newKeySet();

		private final Map<HttpClient.Version, Set<HttpClient.Version>> versions = new ConcurrentHashMap<>();

		private final List<Thread> clients = new ArrayList<>();

		TlsLoad(int port, int http2Clients, int http1Clients) {
			URI uri = URI.create("https://127.0.0.1:" + port + "/hello");
			long deadline = System.nanoTime() + MAX_DURATION.toNanos();
			for (int i = 0; i < http2Clients + http1Clients; i++) {
				HttpClient.Version version = (i < http2Clients) ? HttpClient.Version.HTTP_2
						: HttpClient.Version.HTTP_1_1;
				Thread client = new Thread(() -> run(uri, version, deadline), "tls-load-" + version + "-" + i);
				client.setDaemon(true);
				this.clients.add(client);
				client.start();
			}
		}

		private void run(URI uri, HttpClient.Version version, long deadline) {
			// HttpClient is closeable from Java 21 on; unreferenced, its threads end by themselves
			HttpClient client = client(version);
			HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build();
			while (this.running.get() && System.nanoTime() < deadline) {
				try {
					HttpResponse<String> response;
					try {
						response = client.send(request, HttpResponse.BodyHandlers.ofString());
					}
					catch (IOException ex) {
						if (!UNPROCESSED.equals(ex.getMessage())) {
							throw ex;
						}
						this.resentUnprocessed.incrementAndGet();
						client = client(version);
						response = client.send(request, HttpResponse.BodyHandlers.ofString());
					}
					Matcher pid = PID.matcher(response.body());
					if (response.statusCode() != 200 || !pid.find()) {
						this.failures.add(version + ": " + response.statusCode() + " " + response.body());
						continue;
					}
					this.pids.add(Long.parseLong(pid.group(1)));
					this.versions.computeIfAbsent(version, (key) -> ConcurrentHashMap.newKeySet())
						.add(response.version());
					this.successes.incrementAndGet();
				}
				catch (IOException ex) {
					// the time, to find the moment in the cluster's log
					this.failures.add(Instant.now() + " " + version + ": " + ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		private static HttpClient client(HttpClient.Version version) {
			return HttpClient.newBuilder()
				.sslContext(trusting)
				.version(version)
				.connectTimeout(Duration.ofSeconds(10))
				.build();
		}

		Set<Long> pids() {
			return this.pids;
		}

		long successes() {
			return this.successes.get();
		}

		List<String> failures() {
			return this.failures;
		}

		Set<HttpClient.Version> versionsOf(HttpClient.Version asked) {
			return this.versions.getOrDefault(asked, Set.of());
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread client : this.clients) {
				client.join(Duration.ofSeconds(30).toMillis());
			}
		}

		@Override
		public void close() throws InterruptedException {
			stop();
		}

		@Override
		public String toString() {
			return this.successes + " answered (" + this.resentUnprocessed + " sent again after the server refused "
					+ "them unprocessed), " + this.failures.size() + " failed "
					+ this.failures.subList(0, Math.min(5, this.failures.size())) + ", pids " + this.pids
					+ ", versions " + this.versions;
		}

	}

}
