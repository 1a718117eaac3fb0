package io.clusterboot.internal.worker.tomcat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.clusterboot.internal.worker.LongLivedExchanges;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.apache.tomcat.websocket.server.WsServerContainer;

import org.springframework.web.context.ServletContextAware;

/**
 * The WebSocket sessions of a servlet application on Tomcat: those of Spring's WebSocket
 * support and of {@code @ServerEndpoint}s, which all run on Tomcat's WebSocket container.
 * They are the WebSocket connections of the worker's connectors, and they are ended the
 * way Tomcat ends them when the application stops: the container closes every session
 * with 1001 "going away". Tomcat has no public way to close one session of its own.
 *
 * @author ClusterBoot team
 */
public class TomcatWebSocketSessions implements LongLivedExchanges, ServletContextAware {

	private final TomcatWorkerConnectors connectors;

	private final Set<Object> ended = ConcurrentHashMap.newKeySet();

	private volatile ServletContext servletContext;

	/**
	 * Creates a new instance.
	 * @param connectors the connectors whose WebSocket connections are counted
	 */
	public TomcatWebSocketSessions(TomcatWorkerConnectors connectors) {
		this.connectors = connectors;
	}

	@Override
	public void setServletContext(ServletContext servletContext) {
		this.servletContext = servletContext;
	}

	@Override
	public int open() {
		return this.connectors.webSocketConnections().size();
	}

	@Override
	public int endBegunBy(long nanoTime) {
		Set<Object> open = this.connectors.webSocketConnections();
		this.ended.retainAll(open);
		int ending = (int) open.stream().filter((connection) -> !this.ended.contains(connection)).count();
		ServletContext servletContext = this.servletContext;
		Object container = (servletContext != null) ? servletContext.getAttribute(ServerContainer.class.getName())
				: null;
		if (ending == 0 || !(container instanceof WsServerContainer tomcat)) {
			return 0;
		}
		tomcat.destroy();
		this.ended.addAll(open);
		return ending;
	}

	@Override
	public String kind() {
		return "WebSocket session";
	}

}
