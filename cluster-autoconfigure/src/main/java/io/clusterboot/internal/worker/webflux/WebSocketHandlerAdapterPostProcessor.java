package io.clusterboot.internal.worker.webflux;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;

/**
 * Puts WebFlux's {@link WebSocketHandlerAdapter}, which hands every WebSocket request to
 * its {@code WebSocketService}, on a service that tracks the sessions in
 * {@link ReactiveWebSocketSessions}: an adapter like it, of the same order, replaces it.
 *
 * @author ClusterBoot team
 */
public class WebSocketHandlerAdapterPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<ReactiveWebSocketSessions> sessions;

	/**
	 * Creates a new instance.
	 * @param sessions the sessions to track, looked up when an adapter is created
	 */
	public WebSocketHandlerAdapterPostProcessor(ObjectProvider<ReactiveWebSocketSessions> sessions) {
		this.sessions = sessions;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof WebSocketHandlerAdapter adapter) {
			WebSocketHandlerAdapter tracking = new WebSocketHandlerAdapter(
					this.sessions.getObject().tracking(adapter.getWebSocketService()));
			tracking.setOrder(adapter.getOrder());
			return tracking;
		}
		return bean;
	}

}
