package io.clusterboot.internal.cache;

import java.util.function.Supplier;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cache.CacheManager;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Decorates every {@link CacheManager} bean of the application, whatever its kind, so
 * that a change to one of its caches invalidates the entry in the other workers
 * ({@link InvalidatingCache}).
 *
 * @author ClusterBoot team
 */
public class CacheInvalidationPostProcessor implements BeanPostProcessor, BeanClassLoaderAware {

	private final Supplier<CacheInvalidations> invalidations;

	private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

	/**
	 * Creates the post-processor.
	 * @param invalidations tells the other workers, looked up when first needed
	 */
	public CacheInvalidationPostProcessor(Supplier<CacheInvalidations> invalidations) {
		this.invalidations = SingletonSupplier.of(invalidations);
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof CacheManager manager) {
			return CacheManagerDecoration.decorate(manager, beanName, this.invalidations, this.classLoader);
		}
		return bean;
	}

}
