return {ok = true}
