package io.clusterboot.internal.worker.webmvc;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import io.clusterboot.internal.worker.LongLivedExchanges;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;

/**
 * The asynchronous requests of Spring MVC in progress: {@code SseEmitter},
 * {@code ResponseBodyEmitter} and reactive streams (which Spring MVC serves through a
 * {@link DeferredResult}), {@code DeferredResult}, {@code Callable} and
 * {@code StreamingResponseBody}. Registered as an interceptor of every one of them.
 * <p>
 * A retiring worker ends one the way Spring MVC ends it when its asynchronous timeout
 * elapses, only earlier: through the {@link AsyncListener} Spring MVC registers with the
 * server, whose {@code onTimeout} runs the application's timeout handling (an emitter's
 * {@code onTimeout} callbacks, a {@code DeferredResult}'s timeout result, a
 * {@code WebAsyncTask}'s timeout callable; a {@code Callable} is interrupted) and then
 * dispatches the result. Where the application gives no result, a response already
 * streaming (its headers sent) completes: the client sees the end of the stream, and the
 * {@code onCompletion} callbacks run; one not begun is answered as Spring MVC answers a
 * timeout, {@code 503 Service Unavailable}, with {@code Connection: close} since the
 * worker drains.
 *
 * @author ClusterBoot team
 */
public class AsyncRequests
		implements LongLivedExchanges, DeferredResultProcessingInterceptor, CallableProcessingInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(AsyncRequests.class);

	/**
	 * The requests in progress, by their {@code DeferredResult} or {@code Callable}: the
	 * one object the interceptor sees at each step, while Spring MVC wraps the request
	 * anew for each dispatch.
	 */
	private final Map<Object, Request> requests = new ConcurrentHashMap<>();

	@Override
	public <T> void beforeConcurrentHandling(NativeWebRequest request, DeferredResult<T> deferredResult) {
		this.requests.put(deferredResult, new Request(request));
	}

	@Override
	public <T> void beforeConcurrentHandling(NativeWebRequest request, Callable<T> task) {
		this.requests.put(task, new Request(request));
	}

	@Override
	public <T> boolean handleTimeout(NativeWebRequest request, DeferredResult<T> deferredResult) {
		if (isEndedWhileStreaming(deferredResult)) {
			deferredResult.setResult(null);
			return false;
		}
		return true;
	}

	@Override
	public <T> Object handleTimeout(NativeWebRequest request, Callable<T> task) {
		return isEndedWhileStreaming(task) ? null : RESULT_NONE;
	}

	@Override
	public <T> void afterCompletion(NativeWebRequest request, DeferredResult<T> deferredResult) {
		this.requests.remove(deferredResult);
	}

	@Override
	public <T> void afterCompletion(NativeWebRequest request, Callable<T> task) {
		this.requests.remove(task);
	}

	private boolean isEndedWhileStreaming(Object key) {
		Request request = this.requests.get(key);
		return request != null && request.ended && request.isCommitted();
	}

	@Override
	public int open() {
		return this.requests.size();
	}

	@Override
	public int endBegunBy(long nanoTime) {
		int count = 0;
		for (Request request : this.requests.values()) {
			if (!request.ended && request.began - nanoTime <= 0 && request.end()) {
				count++;
			}
		}
		return count;
	}

	@Override
	public String kind() {
		return "async request";
	}

	/**
	 * An asynchronous request in progress.
	 */
	private static final class Request {

		/** Spring MVC's request of the first dispatch, the listener of the server. */
		private final NativeWebRequest request;

		private final long began = System.nanoTime();

		private volatile boolean ended;

		Request(NativeWebRequest request) {
			this.request = request;
		}

		boolean isCommitted() {
			HttpServletResponse response = this.request.getNativeResponse(HttpServletResponse.class);
			return response != null && response.isCommitted();
		}

		/**
		 * Times the request out, as the server would.
		 */
		boolean end() {
			this.ended = true;
			HttpServletRequest servletRequest = this.request.getNativeRequest(HttpServletRequest.class);
			if (!(this.request instanceof AsyncListener listener) || servletRequest == null) {
				return false;
			}
			try {
				listener.onTimeout(new AsyncEvent(servletRequest.getAsyncContext()));
				return true;
			}
			catch (IOException | RuntimeException ex) {
				// completed meanwhile: getAsyncContext() throws once the request is no longer async
				logger.debug("Could not end {}", this.request, ex);
				return false;
			}
		}

	}

}
