package io.clusterboot.leader;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method only in the worker that holds the cluster's leadership;
 * elsewhere a call does nothing and returns {@code null}. Meant for {@code @Scheduled}
 * jobs that must run once per cluster, not once per worker. Leadership does not move
 * while such a method runs.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 * @see ClusterLeadership
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ClusterLeaderOnly {

}
