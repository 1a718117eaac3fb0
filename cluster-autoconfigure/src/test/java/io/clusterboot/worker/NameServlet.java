package io.clusterboot.worker;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers every request with a name: which server served it.
 *
 * @author ClusterBoot team
 */
public class NameServlet extends HttpServlet {

	private final String name;

	/**
	 * Creates a new instance.
	 * @param name the body of every response
	 */
	public NameServlet(String name) {
		this.name = name;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.getWriter().write(this.name);
	}

}
