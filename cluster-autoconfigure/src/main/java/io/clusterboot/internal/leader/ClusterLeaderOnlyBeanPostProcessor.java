package io.clusterboot.internal.leader;

import java.util.function.Supplier;

import io.clusterboot.leader.ClusterLeaderOnly;
import io.clusterboot.leader.ClusterLeadership;

import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

/**
 * Proxies beans with {@link ClusterLeaderOnly @ClusterLeaderOnly} methods so that those
 * methods run only on the leader. It runs before Spring's scheduling post-processor, so
 * {@code @Scheduled} jobs go through the proxy.
 *
 * @author ClusterBoot team
 */
public class ClusterLeaderOnlyBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	/**
	 * Creates a new post-processor.
	 * @param leadership supplies the leadership when a method is first called
	 */
	public ClusterLeaderOnlyBeanPostProcessor(Supplier<ClusterLeadership> leadership) {
		MethodInterceptor interceptor = (invocation) -> {
			ClusterLeadership current = leadership.get();
			if (!current.beginLeaderWork()) {
				return null;
			}
			try {
				return invocation.proceed();
			}
			finally {
				current.endLeaderWork();
			}
		};
		this.advisor = new DefaultPointcutAdvisor(
				AnnotationMatchingPointcut.forMethodAnnotation(ClusterLeaderOnly.class), interceptor);
		setBeforeExistingAdvisors(true);
		setProxyTargetClass(true);
	}

}
