package io.clusterboot.internal.worker.webmvc;

import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Makes {@link AsyncRequests} an interceptor of every asynchronous request of Spring MVC.
 *
 * @author ClusterBoot team
 */
public class AsyncRequestsWebMvcConfigurer implements WebMvcConfigurer {

	private final AsyncRequests requests;

	/**
	 * Creates a new instance.
	 * @param requests the requests to register
	 */
	public AsyncRequestsWebMvcConfigurer(AsyncRequests requests) {
		this.requests = requests;
	}

	@Override
	public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
		configurer.registerDeferredResultInterceptors(this.requests);
		configurer.registerCallableInterceptors(this.requests);
	}

}
