package io.clusterboot.internal.worker.tomcat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

import io.clusterboot.internal.worker.ClusterSocket;
import io.clusterboot.internal.worker.WorkerConnectors;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.upgrade.UpgradeProcessorBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The Tomcat connectors that serve a port of the cluster, collected by
 * {@link TomcatWorkerConnectorsCustomizer} when the web server is built.
 *
 * @author ClusterBoot team
 */
public class TomcatWorkerConnectors implements WorkerConnectors {

	private final ClusterSocket socket;

	private static final Logger logger = LoggerFactory.getLogger(TomcatWorkerConnectors.class);

	private static final long ACCEPTOR_TIMEOUT_MILLIS = 5000;

	private static final String WEBSOCKET = "websocket";

	private final List<ClusterHttp11NioProtocol> protocols = new CopyOnWriteArrayList<>();

	/**
	 * Creates connectors for a port of the cluster.
	 * @param socket the port they serve
	 */
	public TomcatWorkerConnectors(ClusterSocket socket) {
		this.socket = socket;
	}

	/**
	 * Collects a connector of the web server, and puts it on the cluster's socket if it
	 * runs {@link ClusterHttp11NioProtocol}.
	 * @param connector the connector
	 */
	public void customize(Connector connector) {
		if (connector.getProtocolHandler() instanceof ClusterHttp11NioProtocol protocol) {
			protocol.getClusterEndpoint().setClusterSocket(this.socket);
			this.protocols.add(protocol);
		}
	}

	@Override
	public void stopAccepting() throws InterruptedException {
		for (ClusterHttp11NioProtocol protocol : this.protocols) {
			// Http11Processor reads this for every request: 1 turns keep-alive off
			protocol.setMaxKeepAliveRequests(1);
		}
		for (ClusterHttp11NioProtocol protocol : this.protocols) {
			if (!protocol.getClusterEndpoint().stopAccepting(ACCEPTOR_TIMEOUT_MILLIS)) {
				logger.warn("Acceptor of {} did not stop within {} ms", protocol.getName(), ACCEPTOR_TIMEOUT_MILLIS);
			}
		}
		for (ClusterHttp11NioProtocol protocol : this.protocols) {
			protocol.getClusterEndpoint().pauseConnections();
		}
	}

	@Override
	public long openConnections() {
		return this.protocols.stream()
			.mapToLong((protocol) -> protocol.getClusterEndpoint().getConnections().size())
			.sum();
	}

	@Override
	public long busyConnections() {
		return this.protocols.stream()
			.mapToLong((protocol) -> protocol.getClusterEndpoint().getBusyConnectionCount())
			.sum();
	}

	@Override
	public long unusedConnections() {
		return this.protocols.stream()
			.mapToLong((protocol) -> protocol.getClusterEndpoint().getUnusedConnectionCount())
			.sum();
	}

	/**
	 * Returns the open connections that were upgraded to WebSocket.
	 * @return their socket wrappers
	 */
	public Set<Object> webSocketConnections() {
		return this.protocols.stream()
			.flatMap((protocol) -> protocol.getClusterEndpoint().getConnections().stream())
			.filter((connection) -> connection.getCurrentProcessor() instanceof UpgradeProcessorBase upgraded
					&& WEBSOCKET.equalsIgnoreCase(upgraded.getUpgradeToken().getProtocol()))
			.collect(Collectors.toSet());
	}

	@Override
	public long requestsServed() {
		return this.protocols.stream().mapToLong(ClusterHttp11NioProtocol::getRequestCount).sum();
	}

	@Override
	public void workerCount(int workers) {
		this.protocols.forEach((protocol) -> protocol.getClusterEndpoint().setWorkerCount(workers));
	}

	@Override
	public int busyRequestThreads() {
		return sumOverThreadPools(ClusterNioEndpoint::getCurrentThreadsBusy);
	}

	@Override
	public int maxRequestThreads() {
		return sumOverThreadPools(ClusterNioEndpoint::getMaxThreads);
	}

	/**
	 * Sums a figure over the running endpoints that run requests on a thread pool of
	 * their own ({@code server.tomcat.threads.*}), not on an executor of the
	 * application's, virtual threads for example.
	 * @return the sum, or -1 if no endpoint has such a pool
	 */
	private int sumOverThreadPools(ToIntFunction<ClusterNioEndpoint> figure) {
		int sum = -1;
		for (ClusterHttp11NioProtocol protocol : this.protocols) {
			ClusterNioEndpoint endpoint = protocol.getClusterEndpoint();
			// -1 for an executor of the application's; getCurrentThreadsBusy: -2 before start
			if (endpoint.getMaxThreads() >= 0 && endpoint.getCurrentThreadsBusy() >= 0) {
				sum = Math.max(sum, 0) + figure.applyAsInt(endpoint);
			}
		}
		return sum;
	}

}
