package org.counterpart.shared;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Lets the PostgreSQL driver send a batch of inserts as multi-row statements: registry imports write
 * hundreds of thousands of rows, and one round trip per row would dominate their time. Only set for
 * PostgreSQL URLs; other drivers would refuse the unknown property.
 */
@Component
class DatabaseTuning implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null && hikari.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return bean;
    }
}
