package io.clusterboot.internal.worker.tomcat;

import org.apache.coyote.RequestGroupInfo;
import org.apache.coyote.http11.Http11NioProtocol;

/**
 * The HTTP/1.1 protocol handler of a worker, named in
 * {@code TomcatWebServerFactory.setProtocol}: Tomcat's NIO protocol on a
 * {@link ClusterNioEndpoint}.
 *
 * @author ClusterBoot team
 */
public class ClusterHttp11NioProtocol extends Http11NioProtocol {

	/**
	 * Creates the protocol handler; Tomcat calls this by reflection.
	 */
	public ClusterHttp11NioProtocol() {
		super(new ClusterNioEndpoint());
	}

	/**
	 * Returns the endpoint.
	 * @return the endpoint
	 */
	public ClusterNioEndpoint getClusterEndpoint() {
		return (ClusterNioEndpoint) getEndpoint();
	}

	/**
	 * Returns how many requests this protocol handler has served.
	 * @return the number of requests served
	 */
	public long getRequestCount() {
		return (getHandler().getGlobal() instanceof RequestGroupInfo requests) ? requests.getRequestCount() : 0;
	}

}
