package io.clusterboot.internal.worker.webmvc;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.StandardServletAsyncWebRequest;
import org.springframework.web.context.request.async.WebAsyncManager;
import org.springframework.web.context.request.async.WebAsyncUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncRequests}, registered with Spring MVC's {@link WebAsyncManager}
 * for a request on mock servlet objects.
 *
 * @author ClusterBoot team
 */
@Timeout(10)
class AsyncRequestsTests {

	private final AsyncRequests requests = new AsyncRequests();

	private final MockHttpServletRequest servletRequest = new MockHttpServletRequest();

	private final MockHttpServletResponse servletResponse = new MockHttpServletResponse();

	private StandardServletAsyncWebRequest asyncWebRequest;

	private WebAsyncManager manager;

	@BeforeEach
	void startRequest() {
		this.servletRequest.setAsyncSupported(true);
		this.asyncWebRequest = new StandardServletAsyncWebRequest(this.servletRequest, this.servletResponse);
		this.manager = WebAsyncUtils.getAsyncManager(this.servletRequest);
		this.manager.setAsyncWebRequest(this.asyncWebRequest);
		this.manager.setTaskExecutor(new SimpleAsyncTaskExecutor());
		this.manager.registerDeferredResultInterceptor("cluster", this.requests);
		this.manager.registerCallableInterceptor("cluster", this.requests);
	}

	@Test
	void endShouldTimeOutAResponseNotBegunAsSpringMvcDoes() throws Exception {
		DeferredResult<String> result = new DeferredResult<>();
		AtomicBoolean timedOut = new AtomicBoolean();
		result.onTimeout(() -> timedOut.set(true));
		this.manager.startDeferredResultProcessing(result);
		assertThat(this.requests.open()).isOne();
		assertThat(this.requests.endBegunBy(System.nanoTime())).isOne();
		assertThat(timedOut).as("the application's timeout callback ran").isTrue();
		assertThat(this.manager.getConcurrentResult()).isInstanceOf(AsyncRequestTimeoutException.class);
		assertThat(this.requests.endBegunBy(System.nanoTime())).as("ended again").isZero();
		complete();
		assertThat(this.requests.open()).isZero();
	}

	@Test
	void endShouldGiveTheApplicationsTimeoutResult() throws Exception {
		this.manager.startDeferredResultProcessing(new DeferredResult<>(null, "nothing new"));
		this.requests.endBegunBy(System.nanoTime());
		assertThat(this.manager.getConcurrentResult()).isEqualTo("nothing new");
	}

	@Test
	void endShouldCompleteAStreamingResponse() throws Exception {
		this.manager.startDeferredResultProcessing(new DeferredResult<>());
		this.servletResponse.setCommitted(true);
		assertThat(this.requests.endBegunBy(System.nanoTime())).isOne();
		assertThat(this.manager.hasConcurrentResult()).isTrue();
		assertThat(this.manager.getConcurrentResult()).as("the result that completes a stream").isNull();
	}

	@Test
	void endShouldLeaveARequestThatBeganLater() throws Exception {
		long before = System.nanoTime();
		this.manager.startDeferredResultProcessing(new DeferredResult<>());
		assertThat(this.requests.endBegunBy(before)).isZero();
		assertThat(this.manager.hasConcurrentResult()).isFalse();
		assertThat(this.requests.open()).isOne();
	}

	@Test
	void endShouldInterruptACallableAndCompleteItsStreamingResponse() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch interrupted = new CountDownLatch(1);
		Callable<Void> task = () -> {
			started.countDown();
			try {
				Thread.sleep(TimeUnit.MINUTES.toMillis(1));
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
				release.await();
			}
			return null;
		};
		this.manager.startCallableProcessing(task);
		this.servletResponse.setCommitted(true);
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.requests.endBegunBy(System.nanoTime())).isOne();
		assertThat(this.manager.hasConcurrentResult()).isTrue();
		assertThat(this.manager.getConcurrentResult()).isNull();
		assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the callable was interrupted").isTrue();
		release.countDown();
		complete();
		assertThat(this.requests.open()).isZero();
	}

	/**
	 * Completes the request as the server does once the dispatch is over.
	 */
	private void complete() throws Exception {
		this.asyncWebRequest.onComplete(new AsyncEvent(this.servletRequest.getAsyncContext()));
	}

}
