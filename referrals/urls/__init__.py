"""The referrals app's routes in the `referrals` namespace; add a module's `urlpatterns`
here (the directory now, referrals later)."""

from referrals.urls import directory

app_name = "referrals"
urlpatterns = [*directory.urlpatterns]
