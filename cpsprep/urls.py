from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cpsprep import accounts

admin.site.site_header = "CPS Prep — trainers"
admin.site.site_title = "CPS Prep admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", accounts.account, name="account"),
    path("accounts/email/", accounts.email_change, name="email_change"),
    path("accounts/email/confirm/<str:token>/", accounts.email_change_confirm, name="email_change_confirm"),
    path("accounts/my-data.json", accounts.data_download, name="data_download"),
    path("accounts/delete/", accounts.account_delete, name="account_delete"),
    # Django's own password reset and change views (templates in templates/registration/)
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("study.urls")),
    path("cohorts/", include("cohorts.urls")),
    path("cohorts/", include("itemstats.urls")),
    path("", include("quizzes.urls")),
]

handler400 = "cpsprep.errors.bad_request"
handler403 = "cpsprep.errors.permission_denied"
handler404 = "cpsprep.errors.page_not_found"
handler500 = "cpsprep.errors.server_error"
