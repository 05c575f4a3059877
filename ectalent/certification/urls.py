from . import urls_applications, urls_certificates, urls_results

app_name = "certification"
urlpatterns = [*urls_applications.urlpatterns, *urls_results.urlpatterns, *urls_certificates.urlpatterns]
