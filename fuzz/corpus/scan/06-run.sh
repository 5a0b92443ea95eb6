#!/bin/sh
# rails s -p 6000 in a comment is not reported
python manage.py runserver 0.0.0.0:4045
rails s -p 2049
docker run -p 6000:80 -p 8080:6000 nginx
sleep 6000
