package io.clusterboot.internal.worker.jetty;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.worker.ClusterSocket;
import io.clusterboot.internal.worker.UnusedConnections;
import io.clusterboot.internal.worker.WorkerConnectors;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.IO;
import org.eclipse.jetty.util.component.Container;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Puts the connector Spring Boot builds for {@code server.port} on the cluster's socket and
 * drains it without losing a connection.
 * <p>
 * The connector accepts through its selector ({@code acceptors = 0}, set by the
 * auto-configuration): a blocking acceptor thread would be stopped by an interrupt, which
 * closes the inherited channel, and the JDK then puts /dev/null on standard output and
 * error. Through the selector, {@link ServerConnector#setAccepting(boolean)} stops
 * accepting between two accepts, on the selector's thread, and the channel stays open.
 * <p>
 * Keep-alive is turned off in the connector's {@link HttpConfiguration}, which Jetty reads
 * when it parses a request, so every response to a request parsed from then on carries
 * {@code Connection: close}. Not {@link ServerConnector#shutdown()}: a response already
 * committed when it is called ends with the connection closed but no
 * {@code Connection: close}, and the client's next request on it fails.
 * <p>
 * HTTP/2 connections have no {@code Connection} header: the sessions of the HTTP/2 (h2,
 * h2c) connection factories, and only those, are shut down gracefully the way Jetty does it, a {@code GOAWAY}
 * for every stream first, the final one later, so that clients open their next streams
 * on a new connection. Left to the web server's stop, the {@code GOAWAY} would come just
 * before the close, and a client's next stream could reach a closed socket.
 * <p>
 * A socket of its own, bound with {@code SO_REUSEPORT}, is closed once the connector stops
 * accepting: the kernel then stops routing new connections to it (and resets those queued
 * on it unless {@code net.ipv4.tcp_migrate_req} is 1).
 * <p>
 * A connection the selector accepted is handed to a selector as a queued update before
 * Jetty counts it as an endpoint, so the connections in that hand-over are counted too:
 * a drain that saw none would let the web server stop and reset them.
 *
 * @author ClusterBoot team
 */
public class JettyWorkerConnectors implements WorkerConnectors {

	private static final Logger logger = LoggerFactory.getLogger(JettyWorkerConnectors.class);

	private static final long STOP_ACCEPTING_TIMEOUT_MILLIS = 5000;

	private static final long POLL_MILLIS = 5;

	private final UnusedConnections<Object> unused = new UnusedConnections<>(
			(channel) -> ((SelectableChannel) channel).isOpen());

	private final AcceptsInHandOver acceptsInHandOver = new AcceptsInHandOver();

	private final ClusterSocket socket;

	private volatile ServerConnector connector;

	private volatile boolean inherited;

	private volatile StatisticsHandler statistics;

	private volatile QueuedThreadPool threadPool;

	/**
	 * Creates connectors for a port of the cluster.
	 * @param socket the port they serve
	 */
	public JettyWorkerConnectors(ClusterSocket socket) {
		this.socket = socket;
	}

	/**
	 * Puts the first connector of a web server on the cluster's socket and collects it.
	 * @param server the web server
	 */
	public void customize(Server server) {
		Connector[] connectors = server.getConnectors();
		for (int i = 0; i < connectors.length; i++) {
			if (connectors[i] instanceof ServerConnector candidate) {
				ServerConnector serverConnector = acceptingThroughSelector(candidate);
				connectors[i] = serverConnector;
				server.setConnectors(connectors);
				listenOnClusterSocket(serverConnector);
				serverConnector.addEventListener(this.acceptsInHandOver);
				this.connector = serverConnector;
				break;
			}
		}
		StatisticsHandler statistics = new StatisticsHandler() {

			@Override
			protected void onBeforeHandling(Request request) {
				super.onBeforeHandling(request);
				Object channel = channelOf(request.getConnectionMetaData().getConnection());
				if (channel != null) {
					JettyWorkerConnectors.this.unused.used(channel);
				}
			}

		};
		statistics.setHandler(server.getHandler());
		server.setHandler(statistics);
		this.statistics = statistics;
		this.threadPool = (server.getThreadPool() instanceof QueuedThreadPool pool) ? pool : null;
	}

	/**
	 * Returns the connector, or a copy of it that accepts through its selector where it
	 * has acceptor threads: Spring Boot builds the connector of {@code server.ssl.*} itself,
	 * with one acceptor thread whatever {@code acceptors} says. Such a thread, blocked in
	 * {@code accept()}, takes one more connection after {@code setAccepting(false)}, after
	 * the drain may have ended, and the interrupt that stops it closes the inherited
	 * channel. The copy has the same connection factories, address and socket settings,
	 * and event listeners, and checks at start what Spring Boot's connector checks: that
	 * the key store holds the key alias {@code server.ssl.key-alias} names.
	 */
	static ServerConnector acceptingThroughSelector(ServerConnector connector) {
		if (connector.getAcceptors() == 0) {
			return connector;
		}
		Server server = connector.getServer();
		ServerConnector copy = new ServerConnector(server, ownOrNull(connector.getExecutor(), server.getThreadPool()),
				ownOrNull(connector.getScheduler(), server.getScheduler()),
				ownOrNull(connector.getByteBufferPool(), server.getByteBufferPool()), 0,
				connector.getSelectorManager().getSelectorCount(),
				connector.getConnectionFactories().toArray(ConnectionFactory[]::new)) {

			@Override
			protected void doStart() throws Exception {
				super.doStart();
				assertKeyStoresHoldTheirAliases(this);
			}

		};
		copy.setName(connector.getName());
		copy.setHost(connector.getHost());
		copy.setPort(connector.getPort());
		copy.setDefaultProtocol(connector.getDefaultProtocol());
		copy.setIdleTimeout(connector.getIdleTimeout());
		copy.setShutdownIdleTimeout(connector.getShutdownIdleTimeout());
		copy.setAcceptQueueSize(connector.getAcceptQueueSize());
		copy.setReuseAddress(connector.getReuseAddress());
		copy.setReusePort(connector.isReusePort());
		copy.setAcceptedTcpNoDelay(connector.getAcceptedTcpNoDelay());
		copy.setAcceptedReceiveBufferSize(connector.getAcceptedReceiveBufferSize());
		copy.setAcceptedSendBufferSize(connector.getAcceptedSendBufferSize());
		connector.getEventListeners().forEach(copy::addEventListener);
		return copy;
	}

	private static void assertKeyStoresHoldTheirAliases(ServerConnector connector) throws KeyStoreException {
		for (ConnectionFactory factory : connector.getConnectionFactories()) {
			if (factory instanceof SslConnectionFactory tls) {
				String alias = tls.getSslContextFactory().getCertAlias();
				KeyStore keyStore = tls.getSslContextFactory().getKeyStore();
				if (alias != null && keyStore != null && !keyStore.containsAlias(alias)) {
					throw new IllegalStateException("Keystore does not contain alias '" + alias + "'");
				}
			}
		}
	}

	/**
	 * Returns a connector's component unless it is the server's, which a connector built
	 * with {@code null} shares without managing it.
	 */
	private static <T> T ownOrNull(T component, T servers) {
		return (component != servers) ? component : null;
	}

	private void listenOnClusterSocket(ServerConnector connector) {
		try {
			ServerSocketChannel inherited = this.socket.channel();
			this.inherited = inherited != null;
			if (inherited != null) {
				connector.open(inherited);
			}
			else {
				connector.setReusePort(true);
				connector.setPort(this.socket.reusePort(connector.getPort()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot serve the cluster's " + this.socket, ex);
		}
	}

	@Override
	public void stopAccepting() throws InterruptedException {
		ServerConnector connector = this.connector;
		if (connector == null || !connector.isStarted()) {
			return;
		}
		for (ConnectionFactory factory : connector.getConnectionFactories()) {
			if (factory instanceof HttpConfiguration.ConnectionFactory http) {
				http.getHttpConfiguration().setPersistentConnectionsEnabled(false);
			}
		}
		connector.setAccepting(false);
		for (ConnectionFactory factory : connector.getConnectionFactories()) {
			if (factory.getProtocols().stream().anyMatch((protocol) -> protocol.startsWith("h2"))
					&& factory instanceof Container sessions) {
				Graceful.shutdown(sessions);
			}
		}
		if (!awaitDeregistered(connector)) {
			logger.warn("Acceptor of {} did not stop within {} ms", connector, STOP_ACCEPTING_TIMEOUT_MILLIS);
		}
		else if (!this.inherited) {
			// new connections go to the other workers' sockets, or would wait here in vain
			IO.close((Closeable) connector.getTransport());
		}
	}

	/**
	 * Waits until the selector has cancelled the accept key and deregistered the channel:
	 * from then on nothing is accepted, and every connection accepted before is counted.
	 */
	private boolean awaitDeregistered(ServerConnector connector) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_ACCEPTING_TIMEOUT_MILLIS);
		if (!(connector.getTransport() instanceof SelectableChannel channel)) {
			return true;
		}
		while (channel.isRegistered()) {
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			Thread.sleep(POLL_MILLIS);
		}
		return true;
	}

	@Override
	public long openConnections() {
		ServerConnector connector = this.connector;
		return (connector != null) ? connector.getConnectedEndPoints().size() + this.acceptsInHandOver.size() : 0;
	}

	@Override
	public long busyConnections() {
		StatisticsHandler statistics = this.statistics;
		return (statistics != null) ? statistics.getRequestsActive() : 0;
	}

	@Override
	public long unusedConnections() {
		return this.unused.count();
	}

	@Override
	public long requestsServed() {
		StatisticsHandler statistics = this.statistics;
		return (statistics != null) ? statistics.getRequestTotal() : 0;
	}

	/**
	 * Returns the threads of the server's pool that run jobs, requests mostly, apart from
	 * the selectors': see {@link #maxRequestThreads()}.
	 */
	@Override
	public int busyRequestThreads() {
		QueuedThreadPool pool = this.threadPool;
		return (pool != null) ? Math.min(pool.getUtilizedThreads(), requestThreads(pool)) : -1;
	}

	/**
	 * Returns the threads of the server's pool that take the jobs queued on it: neither
	 * those leased to the selectors nor the reserved ones, which wait for the selectors'
	 * work only. Once all of them are busy, a request waits in the queue (a reserved
	 * thread may run one now and then, which is not counted above this maximum).
	 */
	@Override
	public int maxRequestThreads() {
		QueuedThreadPool pool = this.threadPool;
		return (pool != null) ? requestThreads(pool) : -1;
	}

	private static int requestThreads(QueuedThreadPool pool) {
		return pool.getMaxThreads() - pool.getMaxLeasedThreads();
	}

	/**
	 * Returns the channel a connection runs on (the transport of a TLS connection's
	 * decrypted endpoint is the network endpoint), or {@code null} for one without (a
	 * local connector's).
	 */
	private static Object channelOf(Connection connection) {
		Object transport = connection.getEndPoint().getTransport();
		while (transport instanceof EndPoint endPoint) {
			transport = endPoint.getTransport();
		}
		return transport;
	}

	/**
	 * The connections accepted but not yet opened: a set, not a count, since an upgrade
	 * opens a second connection on the same channel. Every accepted connection is unused
	 * too until its first request.
	 */
	private final class AcceptsInHandOver implements SelectorManager.AcceptListener, Connection.Listener {

		private final Set<Object> channels = ConcurrentHashMap.newKeySet();

		@Override
		public void onAccepting(SelectableChannel channel) {
			JettyWorkerConnectors.this.unused.accepted(channel);
			this.channels.add(channel);
		}

		@Override
		public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
			this.channels.remove(channel);
		}

		@Override
		public void onOpened(Connection connection) {
			// Jetty counts the endpoint before it opens the connection
			Object channel = channelOf(connection);
			if (channel != null) {
				this.channels.remove(channel);
			}
		}

		int size() {
			return this.channels.size();
		}

	}

}
