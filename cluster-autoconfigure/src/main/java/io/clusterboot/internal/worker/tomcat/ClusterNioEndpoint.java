package io.clusterboot.internal.worker.tomcat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.clusterboot.internal.worker.ClusterSocket;
import io.clusterboot.internal.worker.UnusedConnections;
import io.clusterboot.internal.worker.WorkerIdentity;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketProcessorBase;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * A {@link NioEndpoint} that serves the cluster's listening socket and can stop accepting
 * without losing a connection.
 * <p>
 * The socket is the master's, inherited on standard input, or else one bound with
 * {@code SO_REUSEPORT}. Either way other workers accept from the same queue, which breaks
 * three habits of the stock endpoint: its blocking {@code accept()} is woken at pause by
 * a dummy connection that may reach another worker; its acceptor resets a connection
 * accepted after the pause flag is set; and it closes the inherited channel at stop,
 * which makes the JDK put /dev/null on standard output and error. This endpoint accepts
 * through its own selector, is woken through that selector, stops accepting only between
 * two accepts, and never closes an inherited channel.
 * <p>
 * Every worker's selector wakes up for a new connection and the first to call
 * {@code accept()} wins, which favours the worker already running on a CPU: the busiest.
 * So a worker with busy connections waits a little before it accepts, longer the busier
 * it is, and leaves the connection to a less busy worker (what Puma calls
 * {@code wait_for_less_busy_worker}). Measured with two workers under {@code wrk}, a
 * freshly started worker got 22% of the requests without the wait and 46% with it, at
 * the same throughput.
 *
 * @author ClusterBoot team
 */
public class ClusterNioEndpoint extends NioEndpoint {

	private static final long SELECT_MILLIS = 250;

	private static final long WAIT_PER_BUSY_CONNECTION_NANOS = 50_000;

	private static final int MAX_BUSY_CONNECTIONS_WAITED_FOR = 16;

	private final AtomicInteger busySockets = new AtomicInteger();

	private final UnusedConnections<SocketChannel> unusedSockets = new UnusedConnections<>(SocketChannel::isOpen);

	private final CountDownLatch acceptorIdle = new CountDownLatch(1);

	private final Object parking = new Object();

	private volatile ClusterSocket socket = ClusterSocket.SERVER;

	private volatile ServerSocketChannel listener;

	private volatile boolean inherited;

	private volatile boolean accepting = true;

	private volatile boolean otherWorkers = otherWorkersAccept();

	private Selector selector;

	@Override
	protected void initServerSocket() throws Exception {
		ServerSocketChannel inherited = this.socket.channel();
		this.inherited = inherited != null;
		this.listener = (inherited != null) ? inherited : bindReusePort();
		this.listener.configureBlocking(false);
		this.selector = Selector.open();
		this.listener.register(this.selector, SelectionKey.OP_ACCEPT);
	}

	private ServerSocketChannel bindReusePort() throws IOException {
		ServerSocketChannel channel = ServerSocketChannel.open();
		try {
			getSocketProperties().setProperties(channel.socket());
			channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			channel.bind(new InetSocketAddress(getAddress(), this.socket.reusePort(getPortWithOffset())),
					getAcceptCount());
			return channel;
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	@Override
	protected NetworkChannel getServerSocket() {
		return this.listener;
	}

	@Override
	protected SocketChannel serverSocketAccept() throws Exception {
		while (isRunning()) {
			if (!this.accepting || isPaused()) {
				SocketChannel queued = parkAcceptor();
				if (queued != null) {
					return queued;
				}
				continue;
			}
			if (this.selector.select(SELECT_MILLIS) > 0) {
				this.selector.selectedKeys().clear();
				waitForLessBusyWorker();
			}
			// another worker may have taken the connection: accept() then returns null
			SocketChannel socket = this.listener.accept();
			if (socket != null) {
				return socket;
			}
		}
		throw new ClosedChannelException();
	}

	private void waitForLessBusyWorker() {
		int busy = Math.min(this.busySockets.get(), MAX_BUSY_CONNECTIONS_WAITED_FOR);
		if (busy > 0 && this.otherWorkers) {
			LockSupport.parkNanos(busy * WAIT_PER_BUSY_CONNECTION_NANOS);
		}
	}

	@Override
	protected boolean setSocketOptions(SocketChannel socket) {
		this.unusedSockets.accepted(socket);
		return super.setSocketOptions(socket);
	}

	/**
	 * Sets the port of the cluster to serve, before the endpoint is bound.
	 * @param socket the port: the server port unless set
	 */
	public void setClusterSocket(ClusterSocket socket) {
		this.socket = socket;
	}

	/**
	 * Sets how many workers the cluster runs, which scaling changes: a busy worker
	 * leaves new connections to the others only when there are others.
	 * @param workers the number of workers
	 */
	public void setWorkerCount(int workers) {
		this.otherWorkers = workers > 1;
	}

	private static boolean otherWorkersAccept() {
		String count = System.getenv(WorkerIdentity.COUNT);
		return count != null && Integer.parseInt(count) > 1;
	}

	/**
	 * Called by the acceptor thread when it must not accept. A reuse-port socket is first
	 * emptied, since closing it would reset what is queued on it, and then closed; the
	 * shared socket is left to the other workers. Then the acceptor waits for the endpoint
	 * to stop.
	 */
	private SocketChannel parkAcceptor() throws IOException, InterruptedException {
		if (!this.accepting && !this.inherited && this.listener.isOpen()) {
			SocketChannel queued = this.listener.accept();
			if (queued != null) {
				return queued;
			}
			closeListener();
		}
		if (!this.accepting) {
			this.acceptorIdle.countDown();
		}
		synchronized (this.parking) {
			this.parking.wait(SELECT_MILLIS);
		}
		return null;
	}

	/**
	 * Stops accepting connections. Returns once the acceptor holds no connection that it
	 * has not handed over for processing, so none can be reset later by a pause or stop.
	 * @param timeout how long to wait for the acceptor
	 * @return {@code true} if the acceptor is idle
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean stopAccepting(long timeout) throws InterruptedException {
		this.accepting = false;
		Selector selector = this.selector;
		if (selector != null) {
			selector.wakeup();
		}
		return !isRunning() || this.acceptorIdle.await(timeout, TimeUnit.MILLISECONDS);
	}

	/**
	 * Tells the processors of the open connections that the worker stops, as Tomcat's own
	 * pause does, without pausing the endpoint: an HTTP/2 connection sends {@code GOAWAY}
	 * for every stream, then, a round trip later, for the last stream it took, so that its
	 * client opens its next streams on a new connection, to another worker. HTTP/1.1
	 * processors ignore it.
	 */
	public void pauseConnections() {
		getHandler().pause();
	}

	/**
	 * Returns how many connections are being read, served or written right now; idle
	 * keep-alive connections are not counted.
	 * @return the number of busy connections
	 */
	public int getBusyConnectionCount() {
		return this.busySockets.get();
	}

	/**
	 * Returns how many connections have not begun a request yet: see
	 * {@link UnusedConnections}.
	 * @return the number of unused connections
	 */
	public long getUnusedConnectionCount() {
		return this.unusedSockets.count();
	}

	@Override
	protected void unlockAccept() {
		Selector selector = this.selector;
		if (selector != null) {
			selector.wakeup();
		}
		synchronized (this.parking) {
			this.parking.notifyAll();
		}
	}

	@Override
	protected void doCloseServerSocket() throws IOException {
		if (this.selector != null) {
			this.selector.close();
		}
		closeListener();
	}

	private void closeListener() throws IOException {
		if (!this.inherited && this.listener != null) {
			if (this.selector != null) {
				this.selector.close();
			}
			this.listener.close();
		}
	}

	@Override
	protected SocketProcessorBase<NioChannel> createSocketProcessor(SocketWrapperBase<NioChannel> socketWrapper,
			SocketEvent event) {
		return new CountingSocketProcessor(socketWrapper, event);
	}

	/**
	 * Counts the sockets being processed. A socket without TLS is reading a request when
	 * it is processed; one whose TLS handshake completes in a run reads its first request
	 * in that run, or its client sends it right after the handshake. Either is no longer
	 * unused.
	 */
	private final class CountingSocketProcessor extends SocketProcessor {

		CountingSocketProcessor(SocketWrapperBase<NioChannel> socketWrapper, SocketEvent event) {
			super(socketWrapper, event);
		}

		@Override
		protected void doRun() {
			ClusterNioEndpoint.this.busySockets.incrementAndGet();
			// read first: a channel closed in this run goes back to Tomcat's cache
			NioChannel channel = this.socketWrapper.getSocket();
			SocketChannel connection = (channel != null) ? channel.getIOChannel() : null;
			markUsedOnceHandshaken(channel, connection);
			try {
				super.doRun();
			}
			finally {
				markUsedOnceHandshaken(channel, connection);
				ClusterNioEndpoint.this.busySockets.decrementAndGet();
			}
		}

		private void markUsedOnceHandshaken(NioChannel channel, SocketChannel connection) {
			if (connection != null && channel.isHandshakeComplete()) {
				ClusterNioEndpoint.this.unusedSockets.used(connection);
			}
		}

	}

}
