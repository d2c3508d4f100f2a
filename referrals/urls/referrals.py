from django.urls import path

from referrals.views import referral as views

_ONE = "clients/<int:client_id>/referrals/<int:pk>/"

urlpatterns = [
    path("referrals/mine/", views.my_referrals, name="mine"),
    path("referrals/team/", views.team_referrals, name="team"),
    path("clients/<int:client_id>/referrals/", views.client_referrals, name="client_referrals"),
    path("clients/<int:client_id>/referrals/panel/", views.referral_panel, name="referral_panel"),
    path("clients/<int:client_id>/referrals/new/", views.referral_create, name="referral_create"),
    path(_ONE, views.referral_detail, name="referral_detail"),
    path(f"{_ONE}edit/", views.referral_edit, name="referral_edit"),
    path(f"{_ONE}send/", views.referral_send, name="referral_send"),
    path(f"{_ONE}status/", views.referral_status, name="referral_status"),
    path(f"{_ONE}follow-up/", views.referral_follow_up, name="referral_follow_up"),
    path(f"{_ONE}packet/", views.referral_packet, name="referral_packet"),
    path(f"{_ONE}packet/print/", views.referral_packet_print, name="referral_packet_print"),
    path("directory/services/<int:pk>/refer/", views.service_refer, name="service_refer"),
]
