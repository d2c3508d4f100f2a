"""The referrals app's routes in the `referrals` namespace: the directory and referrals."""

from referrals.urls import directory, referrals

app_name = "referrals"
urlpatterns = [*directory.urlpatterns, *referrals.urlpatterns]
