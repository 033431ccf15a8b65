package org.tandem.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers HAPI FHIR's RestfulServer at /fhir with Tandem's resource providers. */
@Configuration(proxyBeanMethods = false)
class FhirConfiguration {

    @Bean
    FhirContext fhirContext() {
        FhirContext context = FhirContext.forR4Cached();
        return context;
    }

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(FhirContext context, List<IResourceProvider> providers,
            FhirTransactions transactions, FhirErrors errors, BulkExportProvider bulkExport) {
        RestfulServer server = new RestfulServer(context);
        server.setServerName("Tandem FHIR R4");
        server.setImplementationDescription("Tandem: integrated behavioral health in primary care");
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setResourceProviders(providers);
        server.registerProvider(transactions);
        server.registerProvider(bulkExport);
        server.registerInterceptor(errors);
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

}
