package io.clusterboot.internal.worker;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers every request with a name: which server served it; or holds every request on
 * its thread until released, then answers it.
 *
 * @author ClusterBoot team
 */
public class NameServlet extends HttpServlet {

	private final String name;

	private final CountDownLatch release;

	/**
	 * Creates a servlet that answers at once.
	 * @param name the body of every response
	 */
	public NameServlet(String name) {
		this(name, new CountDownLatch(0));
	}

	/**
	 * Creates a servlet that answers once released.
	 * @param name the body of every response
	 * @param release counted down to let requests be answered
	 */
	public NameServlet(String name, CountDownLatch release) {
		this.name = name;
		this.release = release;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		response.getWriter().write(this.name);
	}

}
