(window.fanliData = window.fanliData || {})[{{ key|script_json }}] = {{ payload|script_json }};
