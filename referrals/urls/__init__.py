"""The referrals app's routes in the `referrals` namespace."""

from referrals.urls import referrals

app_name = "referrals"
urlpatterns = [*referrals.urlpatterns]
