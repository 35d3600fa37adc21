# -*- coding:utf-8 -*-
"""
The benchmark's echo function for Baetyl's Python3 runtime (handler index.handler), the counterpart of
EchoHandler.java: returns the request's payload. The runtime hands a JSON payload over parsed (anything else as
bytes) and sends bytes back as they are, so JSON comes back compact: byte for byte the request's for compact JSON
such as the benchmark's default payload.
"""

import json


def handler(event, context):
    """
    function handler
    """
    if isinstance(event, bytes):
        return event
    return json.dumps(event, separators=(',', ':')).encode('utf-8')
