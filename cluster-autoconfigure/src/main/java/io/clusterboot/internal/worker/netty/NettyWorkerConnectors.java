package io.clusterboot.internal.worker.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.clusterboot.internal.worker.ClusterSocket;
import io.clusterboot.internal.worker.UnusedConnections;
import io.clusterboot.internal.worker.WorkerConnectors;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;


/**
 * Puts the Reactor Netty server Spring Boot builds on the cluster's socket and drains it
 * without losing a connection.
 * <p>
 * The server runs on the NIO transport, whose channel can wrap the inherited socket (the
 * native epoll server channel cannot be subclassed), and its server channel is
 * {@link InheritedServerSocketChannel}, which never closes that socket. The drain turns
 * auto-read off on the server channel, on its event loop, so it stops accepting between
 * two accepts (a socket of its own, bound with {@code SO_REUSEPORT}, is closed instead);
 * then every response carries {@code Connection: close}, which makes Reactor Netty close
 * the connection once the response is written.
 * <p>
 * Reactor Netty's own graceful shutdown closes idle keep-alive connections at once, and a
 * request a client sends on one at that moment fails, so the drain must leave none behind:
 * connections are counted from the moment they are accepted, before they reach their
 * event loop. An HTTP/2 connection has no {@code Connection} header: it is closed the
 * graceful way of RFC 9113 (section 6.8), as Tomcat does: a {@code GOAWAY} that takes
 * every stream, so that the client opens no new one, then, a round trip later, one that
 * names the last stream taken, and a close once the streams in flight finish. A client
 * sends a stream the last {@code GOAWAY} left out again, on a new connection. Closing at
 * once instead would race the client's next stream: data that reaches a closed socket
 * resets the connection, and the client may lose the {@code GOAWAY} with it.
 *
 * @author ClusterBoot team
 */
public class NettyWorkerConnectors implements WorkerConnectors {

	private static final Logger logger = LoggerFactory.getLogger(NettyWorkerConnectors.class);

	private static final String HANDLER_NAME = "clusterboot.drain";

	private static final long STOP_ACCEPTING_TIMEOUT_MILLIS = 5000;

	/**
	 * How long after the first {@code GOAWAY} the final one is sent: more than a round trip
	 * to any client.
	 */
	private static final long FINAL_GOAWAY_DELAY_MILLIS = 1000;

	private final Set<Channel> connections = ConcurrentHashMap.newKeySet();

	/**
	 * HTTP/2 connections that were sent {@code GOAWAY} and close once their streams end.
	 */
	private final Set<Channel> goingAway = ConcurrentHashMap.newKeySet();

	private final AtomicLong busy = new AtomicLong();

	private final UnusedConnections<Channel> unused = new UnusedConnections<>(Channel::isOpen);

	private final AtomicLong served = new AtomicLong();

	private final AcceptedConnections acceptedConnections = new AcceptedConnections();

	private final ClusterSocket socket;

	private final Supplier<LoopResources> loopResources;

	private volatile boolean draining;

	private volatile Channel serverChannel;

	/**
	 * Creates a new instance.
	 * @param socket the port of the cluster they serve
	 * @param loopResources the loop resources the server would run on otherwise
	 */
	public NettyWorkerConnectors(ClusterSocket socket, Supplier<LoopResources> loopResources) {
		this.socket = socket;
		this.loopResources = loopResources;
	}

	/**
	 * Puts a Reactor Netty server on the cluster's socket.
	 * @param server the server Spring Boot built
	 * @return the server to run
	 */
	public HttpServer apply(HttpServer server) {
		Supplier<? extends SocketAddress> configured = server.configuration().bindAddress();
		HttpServer clustered = server
			.runOn(new ClusterLoopResources(this.loopResources, this::newServerChannel), false)
			.doOnChannelInit(this::track);
		return (configured != null) ? clustered.bindAddress(() -> reusePortAddress(configured.get())) : clustered;
	}

	private SocketAddress reusePortAddress(SocketAddress configured) {
		if (configured instanceof InetSocketAddress address) {
			return new InetSocketAddress(address.getAddress(), this.socket.reusePort(address.getPort()));
		}
		return configured;
	}

	private ServerSocketChannel newServerChannel() {
		try {
			java.nio.channels.ServerSocketChannel inherited = this.socket.channel();
			NioServerSocketChannel channel = (inherited != null) ? new InheritedServerSocketChannel(inherited)
					: new NioServerSocketChannel(reusePortChannel());
			channel.pipeline().addLast(this.acceptedConnections);
			this.serverChannel = channel;
			return channel;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot serve the cluster's " + this.socket, ex);
		}
	}

	private java.nio.channels.ServerSocketChannel reusePortChannel() throws IOException {
		java.nio.channels.ServerSocketChannel channel = java.nio.channels.ServerSocketChannel.open();
		channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
		return channel;
	}

	/**
	 * Tracks the requests of a new HTTP/1.1 connection. Over TLS with HTTP/2 enabled, ALPN
	 * puts the HTTP/1.1 handlers in place only after the handshake; an HTTP/2 connection
	 * is tracked through its {@code GOAWAY} instead and no longer counts as unused.
	 */
	private void track(ConnectionObserver observer, Channel channel, SocketAddress remoteAddress) {
		if (addRequestTracker(channel)) {
			return;
		}
		SslHandler tls = channel.pipeline().get(SslHandler.class);
		if (tls == null) {
			this.unused.used(channel);
			return;
		}
		tls.handshakeFuture().addListener((handshake) -> channel.eventLoop().execute(() -> {
			if (!addRequestTracker(channel)) {
				this.unused.used(channel);
			}
		}));
	}

	private boolean addRequestTracker(Channel channel) {
		if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) == null) {
			return false;
		}
		channel.pipeline().addAfter(NettyPipeline.HttpTrafficHandler, HANDLER_NAME, new RequestTracker());
		return true;
	}

	@Override
	public void stopAccepting() throws InterruptedException {
		this.draining = true;
		Channel server = this.serverChannel;
		if (server == null || !server.isRegistered()) {
			return;
		}
		// a socket of its own is closed: new connections then go to the other workers
		Future<?> stopping = (server instanceof InheritedServerSocketChannel)
				? server.eventLoop().submit(() -> server.config().setAutoRead(false)) : server.close();
		boolean stopped = stopping.await(STOP_ACCEPTING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		if (!stopped) {
			logger.warn("Server channel {} did not stop accepting within {} ms", server, STOP_ACCEPTING_TIMEOUT_MILLIS);
		}
		for (Channel connection : this.connections) {
			connection.eventLoop().execute(() -> closeHttp2(connection, true));
		}
	}

	/**
	 * Closes an HTTP/2 connection gracefully, on its event loop. A connection still in its
	 * TLS handshake is looked at once more when the handshake ends: ALPN may make it an
	 * HTTP/2 one.
	 */
	private void closeHttp2(Channel connection, boolean lookAgainAfterHandshake) {
		if (connection.pipeline().get(Http2ConnectionHandler.class) != null) {
			if (this.goingAway.add(connection)) {
				connection.closeFuture().addListener((closed) -> this.goingAway.remove(connection));
				connection.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR).setExtraStreamIds(
						Integer.MAX_VALUE));
				connection.eventLoop().schedule(() -> {
					connection.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
					// Netty's HTTP/2 handler closes once the streams in flight end
					connection.close();
				}, FINAL_GOAWAY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
			}
			return;
		}
		SslHandler tls = connection.pipeline().get(SslHandler.class);
		if (lookAgainAfterHandshake && tls != null && !tls.handshakeFuture().isDone()) {
			tls.handshakeFuture()
				.addListener((handshake) -> connection.eventLoop().execute(() -> closeHttp2(connection, false)));
		}
	}

	@Override
	public long openConnections() {
		return this.connections.size();
	}

	/**
	 * Returns the HTTP/1.1 connections with a request in flight, and the HTTP/2 ones that
	 * were sent {@code GOAWAY}: they stay open only while a stream is in flight.
	 */
	@Override
	public long busyConnections() {
		return this.busy.get() + this.goingAway.size();
	}

	@Override
	public long unusedConnections() {
		return this.unused.count();
	}

	@Override
	public long requestsServed() {
		return this.served.get();
	}

	/**
	 * Returns -1: requests run on the event loops, and a handler must not block them, so
	 * there is no pool of request threads to saturate.
	 */
	@Override
	public int busyRequestThreads() {
		return -1;
	}

	/**
	 * Returns -1: see {@link #busyRequestThreads()}.
	 */
	@Override
	public int maxRequestThreads() {
		return -1;
	}

	/**
	 * Sees every connection the server channel accepts, before it is handed to its event
	 * loop, and forgets it once it is closed.
	 */
	@Sharable
	private final class AcceptedConnections extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			if (message instanceof Channel connection) {
				NettyWorkerConnectors.this.connections.add(connection);
				NettyWorkerConnectors.this.unused.accepted(connection);
				connection.closeFuture()
					.addListener((closed) -> NettyWorkerConnectors.this.connections.remove(connection));
			}
			context.fireChannelRead(message);
		}

	}

	/**
	 * Counts the requests of one connection from the request to the end of its response,
	 * and makes responses close the connection once the worker drains.
	 */
	private final class RequestTracker extends ChannelDuplexHandler {

		private int inFlight;

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			if (message instanceof HttpRequest) {
				NettyWorkerConnectors.this.unused.used(context.channel());
				this.inFlight++;
				NettyWorkerConnectors.this.busy.incrementAndGet();
			}
			context.fireChannelRead(message);
		}

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
			boolean informational = message instanceof HttpResponse response
					&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
			if (message instanceof HttpResponse response && !informational && NettyWorkerConnectors.this.draining) {
				HttpUtil.setKeepAlive(response, false);
			}
			if (message instanceof LastHttpContent && !informational && this.inFlight > 0) {
				this.inFlight--;
				NettyWorkerConnectors.this.busy.decrementAndGet();
				NettyWorkerConnectors.this.served.incrementAndGet();
			}
			context.write(message, promise);
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) {
			NettyWorkerConnectors.this.busy.addAndGet(-this.inFlight);
			this.inFlight = 0;
			context.fireChannelInactive();
		}

	}

}
