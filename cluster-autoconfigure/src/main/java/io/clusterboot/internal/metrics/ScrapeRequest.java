package io.clusterboot.internal.metrics;

import java.util.List;

/**
 * A worker's request to the others for their expositions, sent to every worker as a
 * cluster message of ClusterBoot's own.
 *
 * @param id the request's id, unique among the requester's
 * @param requester the id of the worker that asks
 * @param format the exposition format, the name of a {@code PrometheusOutputFormat}
 * @param names the only metric names to include, or {@code null} for all
 * @author ClusterBoot team
 */
public record ScrapeRequest(long id, long requester, String format, List<String> names) {

}
