from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("<slug:slug>/", views.report_detail, name="report"),
    path("<slug:slug>/download.csv", views.report_download, {"fmt": "csv"}, name="download_csv"),
    path("<slug:slug>/download.xlsx", views.report_download, {"fmt": "xlsx"}, name="download_xlsx"),
]
