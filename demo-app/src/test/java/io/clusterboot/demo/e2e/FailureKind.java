package io.clusterboot.demo.e2e;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * Why a request got no complete response.
 *
 * @author ClusterBoot team
 */
enum FailureKind {

	/** Nobody listened: the connect was refused. */
	CONNECT_REFUSED,

	/** The connect failed otherwise (e.g. reset during the handshake, connect timeout). */
	CONNECT_FAILED,

	/** The connection was reset (RST) or broken while sending or receiving. */
	RESET,

	/** The server closed the connection before the response was complete. */
	EOF,

	/** No data within the read timeout. */
	TIMEOUT,

	/** The bytes received were not a valid HTTP/1.1 response. */
	MALFORMED,

	/** Anything else. */
	OTHER;

	/**
	 * Classifies an I/O failure.
	 * @param ex the failure
	 * @param connecting whether it happened while connecting
	 * @return its kind
	 */
	static FailureKind of(IOException ex, boolean connecting) {
		String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		if (connecting) {
			return (ex instanceof ConnectException && message.contains("refused")) ? CONNECT_REFUSED
					: CONNECT_FAILED;
		}
		if (ex instanceof SocketTimeoutException) {
			return TIMEOUT;
		}
		if (ex instanceof EOFException) {
			return EOF;
		}
		if (ex instanceof ProtocolException) {
			return MALFORMED;
		}
		if (ex instanceof SocketException && (message.contains("reset") || message.contains("broken pipe"))) {
			return RESET;
		}
		return OTHER;
	}

}
