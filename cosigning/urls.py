from django.urls import path

from cosigning.views import decide_view

app_name = "cosigning"

urlpatterns = [path("<str:token>/", decide_view, name="decide")]
