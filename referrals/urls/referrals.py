from django.urls import path

from casework.routes import routes
from referrals.views import referral as views

_ONE = "clients/<int:client_id>/referrals/<int:pk>/"

urlpatterns = [
    path("referrals/mine/", views.my_referrals, name="mine"),
    path("referrals/team/", views.team_referrals, name="team"),
    *routes(
        "clients/<int:client_id>/referrals/",
        views.client_referrals,
        panel=views.referral_panel,
        new=views.referral_create,
    ),
    *routes(
        _ONE,
        views.referral_detail,
        edit=views.referral_edit,
        send=views.referral_send,
        status=views.referral_status,
        follow_up=views.referral_follow_up,
        packet=views.referral_packet,
    ),
    *routes(f"{_ONE}packet/", print=views.referral_packet_print),
    *routes("directory/services/<int:pk>/", refer=views.service_refer),
]
